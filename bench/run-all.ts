/**
 * `npm run bench`: every benchmark in turn (the leaderboard alone takes ~15 min on 2 cores), each in its own process (no JIT or heap state shared),
 * each recording its results under bench/results/. Extra arguments are passed on (e.g. `-- --json`).
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const benches = ['engine.ts', 'sending.ts', 'microsoft-attempt.ts', 'scale.ts --all', 'sweep.ts', 'leaderboard.ts', 'plan.ts'];
const tsx = fileURLToPath(new URL('../node_modules/tsx/dist/cli.mjs', import.meta.url));
let failed = 0;
for (const b of benches) {
  const [name, ...args] = b.split(' ');
  const file = fileURLToPath(new URL(`./${name}`, import.meta.url));
  const r = spawnSync(process.execPath, [tsx, '--expose-gc', file, ...args, ...process.argv.slice(2)], { stdio: 'inherit' });
  if (r.status !== 0) failed++;
}
process.exit(failed === 0 ? 0 : 1);
