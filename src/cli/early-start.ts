/**
 * The CLI's first step for `sweep`, `compare` and `plan`: start the worker threads before the command line
 * is parsed and the model loaded (about 0.5 s), so that each thread loads the model meanwhile
 * (src/run/pool.ts). It reads only the command's name and `--workers`; on anything else (help, a
 * value that is not a number, more executors than cores) it starts nothing and leaves everything to
 * the command. Threads that no command takes (bad input) are stopped when the CLI ends (main.ts).
 */
import { defaultWorkers, setEarlyWorkers, startWorkers } from '../run/pool.ts';

/** Returns the number of executors whose threads it started (0: none). */
export function startEarly(argv: readonly string[]): number {
  if (argv[0] !== 'sweep' && argv[0] !== 'compare' && argv[0] !== 'plan') return 0;
  let workers = defaultWorkers();
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--help' || a === '-h' || a === '--version') return 0;
    if (a === '--workers') workers = Number(argv[i + 1]);
    else if (a.startsWith('--workers=')) workers = Number(a.slice('--workers='.length));
  }
  if (!Number.isInteger(workers) || workers < 2 || workers > defaultWorkers()) return 0;
  setEarlyWorkers(startWorkers(workers));
  return workers;
}
