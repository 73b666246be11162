/**
 * A progress bar on stderr when stderr is a terminal, nothing otherwise (or with --quiet): runs
 * done for `compare`, `sweep` and `check`; simulated hours for `run`, labelled with the policy and
 * seed running. The only place the wall clock is read (cli-progress's ETA), outside the simulation;
 * ticks come from the run's hourly callback, which reads nothing of the run and changes nothing.
 */
import cliProgress from 'cli-progress';

export interface Progress {
  tick(done: number, total: number): void;
  stop(): void;
}

export function progress(
  enabled: boolean,
  label: string,
  unit: 'runs' | 'simulated hours' = 'runs',
  stream: NodeJS.WriteStream = process.stderr,
): Progress {
  if (!enabled || !stream.isTTY) return { tick() {}, stop() {} };
  const bar = new cliProgress.SingleBar(
    { stream, format: `${label} [{bar}] {value}/{total} ${unit}, eta {eta}s`, hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    tick(done, total) {
      if (!started) {
        bar.start(total, 0);
        started = true;
      }
      bar.update(done);
    },
    stop() {
      if (started) bar.stop();
      started = false;
    },
  };
}
