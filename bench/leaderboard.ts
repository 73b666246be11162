/**
 * Retry-policy leaderboard: every registered policy (default parameters) on every bundled
 * scenario over N seeds (default 20), on worker threads. Per policy, averaged over scenarios and
 * seeds: days to target, Microsoft deferral rate, p95 latency (bulk, transactional), Microsoft
 * block replies, expired, attempts per delivered message. Writes bench/results/leaderboard.md,
 * leaderboard.json and leaderboard.png (and prints the table).
 *
 *   npx tsx bench/leaderboard.ts [--seeds 20] [--workers N]
 *   npx tsx bench/leaderboard.ts --rebuild   tables and chart again from leaderboard.json, no runs
 */
import { readFileSync, readdirSync, writeFileSync, mkdirSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import type { TopLevelSpec } from 'vega-lite';
import { planSweep, toComparison } from '../src/run/sweep.ts';
import { defaultWorkers, runUnits } from '../src/run/pool.ts';
import { POLICIES } from '../src/policies/registry.ts';
import { aggregate } from '../src/report/aggregate.ts';
import { fmt } from '../src/report/html.ts';
import { svgToPng, vlToSvg } from '../src/report/render.ts';
import { machineInfo } from './machine.ts';

const argOf = (name: string, dflt: number) => (process.argv.includes(name) ? Number(process.argv[process.argv.indexOf(name) + 1]) : dflt);
const seeds = argOf('--seeds', 20);
const workers = argOf('--workers', defaultWorkers());
const dir = new URL('../scenarios/', import.meta.url).pathname;
const keys = [
  'daysToTarget',
  'msDeferral',
  'bulkP95',
  'txP95',
  'blocks',
  'otherBlocks',
  'bounced',
  'expired',
  'attemptsPerDelivered',
] as const;

type Saved = { seeds: number; seconds: number; perScenario: { scenario: string; rows: Record<string, Record<string, number | string>> }[] };
const saved = process.argv.includes('--rebuild')
  ? (JSON.parse(readFileSync(new URL('./results/leaderboard.json', import.meta.url), 'utf8')) as Saved)
  : undefined;
const t0 = performance.now();
const perScenario: { scenario: string; rows: Record<string, Record<string, number>> }[] = (saved?.perScenario ?? []).map((s) => ({
  scenario: s.scenario,
  rows: Object.fromEntries(
    Object.entries(s.rows).map(([p, r]) => [p, Object.fromEntries(Object.entries(r).map(([k, v]) => [k, Number(v)]))]),
  ),
}));
for (const f of saved
  ? []
  : readdirSync(dir)
      .filter((x) => x.endsWith('.yaml'))
      .sort()) {
  const raw = parseYaml(readFileSync(dir + f, 'utf8')) as Record<string, unknown>;
  raw['policies'] = POLICIES.map((p) => ({ name: p.name, use: p.name }));
  const plan = planSweep({ raw, file: dir + f, baseDir: dir, grid: [], seeds });
  const c = toComparison(plan, await runUnits(plan, plan.units, { workers }));
  const { policies } = aggregate(c);
  perScenario.push({
    scenario: c.scenario,
    rows: Object.fromEntries(policies.map((p) => [p.policy, Object.fromEntries(keys.map((k) => [k, p.outcomes[k]!.mean]))])),
  });
  process.stderr.write(`${c.scenario}: ${plan.units.length} runs\n`);
}
const seconds = saved?.seconds ?? (performance.now() - t0) / 1000;
const runSeeds = saved?.seeds ?? seeds;
/** A scenario counts as blocked elsewhere from this many block replies per run (a stray one in a few seeds does not). */
const ELSEWHERE_MIN = 100;

// mean over scenarios (days to target: scenarios where it was reached; "never" counts as the run length)
const board = POLICIES.map((p) => {
  const row: Record<string, number> = {};
  for (const k of keys) {
    const xs = perScenario.map((s) => s.rows[p.name]![k]!).map((x) => (Number.isFinite(x) ? x : Number.NaN));
    const finite = xs.filter(Number.isFinite);
    row[k] = finite.length === 0 ? Number.NaN : finite.reduce((a, b) => a + b, 0) / finite.length;
  }
  row['scenariosBlocked'] = perScenario.filter((s) => s.rows[p.name]!['blocks']! > 0).length;
  row['scenariosBlockedElsewhere'] = perScenario.filter((s) => s.rows[p.name]!['otherBlocks']! >= ELSEWHERE_MIN).length;
  row['scenariosReachingTarget'] = perScenario.filter((s) => Number.isFinite(s.rows[p.name]!['daysToTarget']!)).length;
  return { policy: p.name, row };
}).map(({ policy, row }) => Object.assign(row, { policy }) as Record<string, number> & { policy: string });
board.sort(
  (a, b) =>
    (a['scenariosBlocked'] as number) - (b['scenariosBlocked'] as number) || (a['msDeferral'] as number) - (b['msDeferral'] as number),
);
const md = [
  `# Retry-policy leaderboard (${machineInfo().date}, ${machineInfo().cpus})`,
  '',
  `Command: \`npx tsx bench/leaderboard.ts --seeds ${runSeeds}\`. Every registered policy with its default parameters on the ${perScenario.length} bundled scenarios x ${runSeeds} seeds (${(perScenario.length * POLICIES.length * runSeeds).toLocaleString('en-US')} runs, ${seconds.toFixed(0)} s on ${workers} workers). Means over scenarios of the per-scenario means over seeds; sorted by scenarios with Outlook.com blocks, then deferral rate. "Blocked elsewhere": scenarios with at least ${ELSEWHERE_MIN} block replies per run at Gmail, Yahoo, M365 or a corporate MX (two scenarios are built to be blocked there: a risky list, a shared pool with a bad neighbour).`,
  '',
  '| policy | scenarios blocked (Outlook.com) | blocked elsewhere | scenarios reaching target | days to target (where reached) | Microsoft deferral rate | bulk p95 latency | transactional p95 latency | Outlook.com block replies | block replies elsewhere | bounced | expired | attempts / delivered |',
  '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ...board.map(
    (r) =>
      `| ${r.policy} | ${r['scenariosBlocked']} | ${r['scenariosBlockedElsewhere']} | ${r['scenariosReachingTarget']} | ${fmt(r['daysToTarget']!, 'days')} | ${fmt(r['msDeferral']!, '%')} | ${fmt(r['bulkP95']!, 's')} | ${fmt(r['txP95']!, 's')} | ${fmt(r['blocks']!, '')} | ${fmt(r['otherBlocks']!, '')} | ${fmt(r['bounced']!, '')} | ${fmt(r['expired']!, '')} | ${fmt(r['attemptsPerDelivered']!, '')} |`,
  ),
  '',
  '![leaderboard](leaderboard.png)',
  '',
].join('\n');
mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
writeFileSync(new URL('./results/leaderboard.md', import.meta.url), md);
writeFileSync(
  new URL('./results/leaderboard.json', import.meta.url),
  JSON.stringify(
    { machine: machineInfo(), seeds: runSeeds, seconds: +seconds.toFixed(1), board, perScenario },
    (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v),
    2,
  ) + '\n',
);
const spec: TopLevelSpec = {
  title: {
    text: 'Retry-policy leaderboard: Microsoft deferral rate and blocked scenarios',
    subtitle: `${perScenario.length} bundled scenarios x ${runSeeds} seeds, default parameters`,
  },
  data: { values: board.map((r) => ({ policy: r.policy, deferral: r['msDeferral'], blocked: r['scenariosBlocked'] })) },
  hconcat: [
    {
      width: 300,
      height: 220,
      mark: 'bar',
      encoding: {
        y: { field: 'policy', type: 'nominal', sort: null, title: null },
        x: { field: 'deferral', type: 'quantitative', title: 'mean Microsoft deferral rate', axis: { format: '%' } },
      },
    },
    {
      width: 220,
      height: 220,
      mark: { type: 'bar', color: '#b44' },
      encoding: {
        y: { field: 'policy', type: 'nominal', sort: null, axis: null },
        x: { field: 'blocked', type: 'quantitative', title: 'scenarios with Microsoft blocks' },
      },
    },
  ],
};
writeFileSync(new URL('./results/leaderboard.png', import.meta.url), svgToPng(await vlToSvg(spec), 1.5));
console.log(md);
