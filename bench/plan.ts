/**
 * `warmup-sim plan` on the default scenario (issue 22, "Speed"): scenarios/new-ips-engaged.yaml,
 * target 20,000/day, 2 % deferral ceiling, no blocks, 90 % of 20 seeds, the default budget (5
 * minutes of wall clock on this 2-core machine). It must finish within the budget and find a plan
 * at least as fast as the best hand-written policy (the scenario's own policies and the SendGrid,
 * SparkPost and SES schedules, run on the same seeds): the fastest of them that is safe in 90 %
 * of the seeds, or, when none is, the fastest at all (median first day at target). It also
 * records how many simulated runs the search needed against the full grid's.
 *
 *   npx tsx bench/plan.ts [--budget 5m] [--scenario FILE --target N/day [--provider P] [--ips A..B] [--seeds N]] [--json]
 *
 * It runs the CLI as shipped, compiled (`npm run build` first, so no tsx in the timed process),
 * under /usr/bin/time for wall and CPU seconds (the CPU share shows how much of the two cores the
 * machine gave it: other tenants' load moves the wall time). Results: bench/results/plan.json
 * (one entry per scenario, replaced when rerun).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { machineInfo } from './machine.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const arg = (name: string, fallback: string): string => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1]! : fallback;
};
const scenario = arg('--scenario', 'scenarios/new-ips-engaged.yaml');
const target = arg('--target', '20000/day');
const budget = arg('--budget', '5m');
const seeds = arg('--seeds', '20');
const extra = [
  ...(process.argv.includes('--provider') ? ['--provider', arg('--provider', '')] : []),
  ...(process.argv.includes('--ips') ? ['--ips', arg('--ips', '')] : []),
];

interface Stats {
  seeds: number;
  unsafe: number;
  risk: number;
  riskLo: number;
  riskHi: number;
  days: number | string;
  medianDays: number | string;
}
interface Baseline {
  name: string;
  kind: string;
  stats: Stats;
  reached: (number | null)[];
}
interface PlanJson {
  chosen?: { candidate: { params: Record<string, number> } };
  baselines: Baseline[];
  verdicts: { baseline: string; beats: boolean; text: string }[];
  search: { runs: number; batches: number; ended: string; gridCandidates: number; gridRuns: number; comparisonRuns: number };
  timing: { scenarioPoliciesSeconds: number; searchSeconds: number; comparisonSeconds: number; reportSeconds: number };
}

const num = (x: number | string) => (typeof x === 'number' ? x : Number(x)); // plan.json writes Infinity and NaN as strings
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? Infinity : s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

execFileSync('npm', ['run', '-s', 'build'], { cwd: root, stdio: 'inherit' });
const out = mkdtempSync(join(tmpdir(), 'bench-plan-'));
const args = [
  'bin/warmup-sim.mjs',
  'plan',
  scenario,
  '--target',
  target,
  '--budget',
  budget,
  '--seeds',
  seeds,
  ...extra,
  '--json',
  '--quiet',
  '--out',
  out,
];
const machine = machineInfo();
const r = spawnSync('/usr/bin/time', ['-f', '%e %U %S', process.execPath, ...args], { cwd: root, encoding: 'utf8', maxBuffer: 256 << 20 });
if (r.status !== 0) throw new Error(`plan failed (${r.status}): ${r.stderr}`);
const [wall, user, sys] = r.stderr.trim().split('\n').pop()!.split(' ').map(Number) as [number, number, number];
const plan = JSON.parse(r.stdout) as PlanJson;
const planStats = plan.baselines.find((b) => b.kind === 'plan')?.stats;
const hand = plan.baselines.filter((b) => b.kind !== 'plan');
const safeHand = hand.filter((b) => Number.isFinite(num(b.stats.days)));
const bestHand =
  safeHand.length > 0
    ? safeHand.reduce((a, b) => (num(b.stats.days) < num(a.stats.days) ? b : a))
    : hand.reduce((a, b) =>
        median(b.reached.filter((x): x is number => x !== null)) < median(a.reached.filter((x): x is number => x !== null)) ? b : a,
      );
const bestHandDays = safeHand.length > 0 ? num(bestHand.stats.days) : median(bestHand.reached.filter((x): x is number => x !== null));
const limit = /^\d+$/.test(budget) ? Infinity : Number(/^(\d+)m$/.exec(budget)?.[1] ?? Infinity) * 60;
const result = {
  scenario,
  target,
  budget,
  seeds: Number(seeds),
  machine,
  command: `warmup-sim ${args.slice(1, -3).join(' ')}`,
  wallSeconds: wall,
  phases: plan.timing,
  cpuSeconds: Math.round((user + sys) * 10) / 10,
  cpuShareOfTwoCores: Math.round(((user + sys) / wall / 2) * 100) / 100,
  withinBudget: wall <= limit,
  plan: plan.chosen?.candidate.params ?? null,
  planDaysToTarget: planStats ? num(planStats.days) : null,
  planRisk: planStats ? { risk: planStats.risk, wilson95: [planStats.riskLo, planStats.riskHi] } : null,
  bestHandWritten: { name: bestHand.name, safeAtConfidence: safeHand.length > 0, days: bestHandDays },
  atLeastAsFast: planStats !== undefined && num(planStats.days) <= bestHandDays,
  baselines: plan.baselines.map((b) => ({
    name: b.name,
    kind: b.kind,
    daysToTargetAtConfidence: num(b.stats.days),
    medianFirstDayAtTarget: median(b.reached.filter((x): x is number => x !== null)),
    risk: b.stats.risk,
  })),
  verdicts: plan.verdicts.map((v) => v.text),
  searchRuns: plan.search.runs,
  searchBatches: plan.search.batches,
  searchEnded: plan.search.ended,
  comparisonRuns: plan.search.comparisonRuns,
  gridCandidates: plan.search.gridCandidates,
  gridRuns: plan.search.gridRuns,
  runsOverGrid: Math.round((plan.search.runs / plan.search.gridRuns) * 1e5) / 1e5,
};
rmSync(out, { recursive: true, force: true });
const file = join(root, 'bench/results/plan.json');
const all = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as { runs: (typeof result)[] }).runs : [];
const runs = [...all.filter((x) => x.scenario !== scenario || x.target !== target), result];
writeFileSync(
  file,
  JSON.stringify({ benchmark: 'plan', runs }, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v), 2) + '\n',
);
if (process.argv.includes('--json')) process.stdout.write(JSON.stringify(result, null, 2) + '\n');
else
  process.stdout.write(
    [
      `plan ${scenario} --target ${target} --budget ${budget}: ${wall.toFixed(0)} s wall (${result.cpuSeconds} s CPU, ${(result.cpuShareOfTwoCores * 100).toFixed(0)} % of two cores), within budget: ${result.withinBudget}`,
      `plan: ${JSON.stringify(result.plan)}, target on day ${result.planDaysToTarget}, risk ${planStats?.risk}`,
      `best hand-written: ${bestHand.name} (${safeHand.length > 0 ? 'safe in 90 % of seeds' : 'none is safe in 90 %; fastest at all'}), day ${bestHandDays}; at least as fast: ${result.atLeastAsFast}`,
      `search: ${result.searchRuns} runs (${result.searchEnded}) against ${result.gridRuns} for the full grid (${result.runsOverGrid}); comparison ${result.comparisonRuns} runs`,
    ].join('\n') + '\n',
  );
