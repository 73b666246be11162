/**
 * Sweep speed-up: the default scenario's seed-playbook over 20 seeds, serial (1 worker) against
 * worker threads (default: every core), checking the results are identical.
 * Target (issue 8): >= 1.7x on 2 cores.
 *
 *   npx tsx bench/sweep.ts [--seeds 20] [--json]
 */
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { planSweep } from '../src/run/sweep.ts';
import { defaultWorkers, runUnits } from '../src/run/pool.ts';
import { machineInfo } from './machine.ts';

const seedsArg = process.argv.indexOf('--seeds');
const seeds = seedsArg >= 0 ? Number(process.argv[seedsArg + 1]) : 20;
const file = new URL('../scenarios/new-ips-engaged.yaml', import.meta.url).pathname;
const raw = parseYaml(readFileSync(file, 'utf8')) as Record<string, unknown>;
const plan = planSweep({ raw, file, baseDir: new URL('../scenarios/', import.meta.url).pathname, grid: [], seeds, policies: ['seed-playbook'] });
const workers = defaultWorkers();

let t0 = performance.now();
const serial = await runUnits(plan, plan.units, { workers: 1 });
const serialS = (performance.now() - t0) / 1000;
t0 = performance.now();
const parallel = await runUnits(plan, plan.units, { workers });
const parallelS = (performance.now() - t0) / 1000;
const identical = JSON.stringify(serial) === JSON.stringify(parallel);
if (!identical) throw new Error('bug: parallel results differ from serial');

const result = {
  benchmark: 'sweep',
  machine: machineInfo(),
  runs: plan.units.length,
  workers,
  serialSeconds: +serialS.toFixed(2),
  parallelSeconds: +parallelS.toFixed(2),
  speedup: +(serialS / parallelS).toFixed(2),
  identical,
  target: { speedup: 1.7 },
};
mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
writeFileSync(new URL('./results/sweep.json', import.meta.url), JSON.stringify(result, null, 2) + '\n');
console.log(process.argv.includes('--json') ? JSON.stringify(result, null, 2) : `# Sweep speed-up (${result.machine.date}, ${result.machine.cpus})\n\n${result.runs} runs (seed-playbook, scenarios/new-ips-engaged.yaml): serial ${result.serialSeconds} s, ${workers} workers ${result.parallelSeconds} s, speed-up ${result.speedup}x (target >= 1.7x); results identical: ${identical}`);
