/**
 * Sweep speed-up: the default scenario's seed-playbook over 20 seeds, serial (`--workers 1`, inline)
 * against worker threads (default: every core), checking the results are identical.
 * Target (issue 8): >= 1.7x on 2 cores.
 *
 *   npx tsx bench/sweep.ts [--seeds 20] [--rounds 3] [--json]
 *
 * It measures the code the CLI runs: the compiled `dist/` (built first with `npm run build`), whose
 * workers load `dist/run/worker.js` directly rather than through tsx. This machine's speed drifts
 * by tens of per cent from minute to minute (other tenants), so serial and parallel runs alternate
 * for `--rounds` rounds and each side's best time is kept, as the engine benchmark does. Every
 * parallel run pays its own worker start-up and JIT warm-up in each worker; the serial side's
 * warm-up happens once, in the first round.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import type * as SweepModule from '../src/run/sweep.ts';
import type * as PoolModule from '../src/run/pool.ts';
import { machineInfo } from './machine.ts';

const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const seeds = arg('--seeds', 20);
const rounds = arg('--rounds', 3);
const root = fileURLToPath(new URL('..', import.meta.url));
execFileSync(process.execPath, [`${root}/node_modules/typescript/bin/tsc`, '-p', `${root}/tsconfig.build.json`], { stdio: 'inherit' });
const { planSweep } = (await import(`${root}/dist/run/sweep.js`)) as typeof SweepModule;
const { defaultWorkers, runUnits } = (await import(`${root}/dist/run/pool.js`)) as typeof PoolModule;

const file = `${root}/scenarios/new-ips-engaged.yaml`;
const raw = parseYaml(readFileSync(file, 'utf8')) as Record<string, unknown>;
const plan = planSweep({ raw, file, baseDir: `${root}/scenarios/`, grid: [], seeds, policies: ['seed-playbook'] });
const workers = defaultWorkers();

const serialRounds: number[] = [];
const parallelRounds: number[] = [];
let identical = true;
for (let r = 0; r < rounds; r++) {
  let t0 = performance.now();
  const serial = await runUnits(plan, plan.units, { workers: 1 });
  serialRounds.push((performance.now() - t0) / 1000);
  t0 = performance.now();
  const parallel = await runUnits(plan, plan.units, { workers });
  parallelRounds.push((performance.now() - t0) / 1000);
  identical &&= JSON.stringify(serial) === JSON.stringify(parallel);
  if (!identical) throw new Error('bug: parallel results differ from serial');
}
const serialS = Math.min(...serialRounds);
const parallelS = Math.min(...parallelRounds);
const round2 = (x: number) => +x.toFixed(2);

const result = {
  benchmark: 'sweep',
  machine: machineInfo(),
  runs: plan.units.length,
  workers,
  rounds,
  serialSecondsByRound: serialRounds.map(round2),
  parallelSecondsByRound: parallelRounds.map(round2),
  serialSeconds: round2(serialS),
  parallelSeconds: round2(parallelS),
  speedup: round2(serialS / parallelS),
  identical,
  target: { speedup: 1.7 },
};
mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
writeFileSync(new URL('./results/sweep.json', import.meta.url), JSON.stringify(result, null, 2) + '\n');
console.log(
  process.argv.includes('--json')
    ? JSON.stringify(result, null, 2)
    : `# Sweep speed-up (${result.machine.date}, ${result.machine.cpus})\n\n${result.runs} runs (seed-playbook, scenarios/new-ips-engaged.yaml), best of ${rounds} alternating rounds: serial ${result.serialSeconds} s (${result.serialSecondsByRound.join(', ')}), ${workers} workers ${result.parallelSeconds} s (${result.parallelSecondsByRound.join(', ')}), speed-up ${result.speedup}x (target >= 1.7x); results identical: ${identical}`,
);
