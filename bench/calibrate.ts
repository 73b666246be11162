/**
 * Calibration benchmark (issue #21 section 4): does `warmup-sim calibrate` recover known truth,
 * and how fast is it? Recovery: RUNS simulated warm-ups (two fresh IPs, an engaged list, a ramp
 * over Microsoft's floor, KumoMTA's schedule, 14 days) with known F0 and kNew drawn from a grid,
 * each logged as PowerMTA accounting and calibrated from the log alone; counts how often each
 * fitted parameter's 95 % interval holds the truth, and the error of the inferred trust against
 * the hidden trust. Speed: 30-day, 10-IP logs, timed: on two sending domains (five new IPs share
 * each new domain's floor fDom, which then binds instead of the IPs' floor) and on five.
 * Run: npx tsx bench/calibrate.ts [RUNS] [--json FILE]
 */
import { writeFileSync } from 'node:fs';
import { loadScenarioText } from '../src/scenario/load.ts';
import { runScenario } from '../src/run/run-scenario.ts';
import { SimLogWriter } from '../src/insight/sim-log.ts';
import { LogFacts } from '../src/insight/facts.ts';
import { readLog } from '../src/logs/index.ts';
import { observe } from '../src/insight/calibrate/observed.ts';
import { fit } from '../src/insight/calibrate/fit.ts';

const args = process.argv.slice(2);
const RUNS = Number(args.find((a) => /^\d+$/.test(a)) ?? 20);
const jsonAt = args.indexOf('--json');

export function scenarioText(F0: number, kNew: number, ips: number, days: number, domains = 1): string {
  return `
name: calibrate-bench
seed: 1
duration: ${days}d
ips:
${Array.from({ length: ips }, (_, i) => `  - { address: 192.0.${2 + (i % 2)}.${10 + i}, pool: p${i % domains} }`).join('\n')}
domains:
${Array.from({ length: domains }, (_, d) => `  - { name: news${d}.example.com }`).join('\n')}
audience:
  size: ${20000 * ips}
  providers: { microsoft: 0.6, gmail: 0.3, yahoo: 0.1 }
  segments:
    - { name: s, preset: engaged, share: 1 }
streams:
${Array.from(
  { length: domains },
  (_, d) =>
    `  - { name: news${d}, kind: bulk, domain: news${d}.example.com, pool: p${d}, per_day: [${[
      2000, 2400, 2900, 3500, 4200, 5000, 6000, 7200,
    ]
      .map((x) => Math.round((x * ips) / 2 / domains))
      .join(', ')}], send_at: "08:00", spread: 8h }`,
).join('\n')}
receivers:
  microsoft:
    params: { F0: ${F0}, kNew: ${kNew} }
policies:
  - { name: kumomta, use: kumomta }
`;
}

async function once(F0: number, kNew: number, seed: number, ips: number, days: number, domains: number) {
  const loaded = loadScenarioText(scenarioText(F0, kNew, ips, days, domains), 'bench.yaml');
  const path = `/tmp/warmup-calibrate-bench.${process.pid}.csv`;
  const w = new SimLogWriter(path, 'powermta');
  const o = runScenario(loaded, { seed, onTrace: w.write, onStart: w.start });
  w.close();
  const f = new LogFacts();
  await readLog('powermta', path, f.add);
  const obs = observe(f);
  const t0 = performance.now();
  const r = fit(obs, { particles: 200, seed: 1, walk: 0.02 });
  const seconds = (performance.now() - t0) / 1000;
  let se = 0,
    n = 0;
  obs.ips.forEach((s, i) => {
    const ti = o.run.topo.ips.findIndex((x) => x.address === s.ip);
    for (let h = 0; h < obs.hours; h++) {
      const t = o.series.hiddenTrust[ti]![h]!;
      if (t === t) {
        se += (r.filter.trust[i]!.mean[h]! - t) ** 2;
        n++;
      }
    }
  });
  const est = Object.fromEntries(r.estimates.map((e) => [e.name, e]));
  const covers = (name: string, truth: number) => est[name]!.identified && est[name]!.lo <= truth && truth <= est[name]!.hi;
  return {
    F0,
    kNew,
    seed,
    seconds,
    trustRmse: Math.sqrt(se / n),
    est,
    F0in: covers('F0', F0),
    kNewIn: covers('kNew', kNew),
    deferral: o.summary.microsoft.deferralRate,
  };
}

const GRID: [number, number][] = [
  [20, 1.8],
  [15, 1.6],
  [30, 1.8],
  [20, 2.4],
  [25, 1.4],
];
const rows: Awaited<ReturnType<typeof once>>[] = [];
for (let k = 0; k < RUNS; k++) {
  const [F0, kNew] = GRID[k % GRID.length]!;
  const r = await once(F0, kNew, 100 + k, 2, 14, 1);
  rows.push(r);
  const e = r.est;
  console.log(
    `run ${k + 1}/${RUNS} truth F0 ${F0} kNew ${kNew}: F0 ${e.F0!.value.toFixed(2)} [${e.F0!.lo.toFixed(2)}, ${e.F0!.hi.toFixed(2)}] ${r.F0in ? 'in' : 'OUT'}; kNew ${e.kNew!.value.toFixed(3)} [${e.kNew!.lo.toFixed(3)}, ${e.kNew!.hi.toFixed(3)}] ${r.kNewIn ? 'in' : 'OUT'}; trust RMSE ${r.trustRmse.toFixed(3)}; ${r.seconds.toFixed(1)} s`,
  );
}
const share = (f: (r: (typeof rows)[number]) => boolean) => rows.filter(f).length / rows.length;
const big: (Awaited<ReturnType<typeof once>> & { domains: number })[] = [];
for (const domains of [2, 5]) big.push({ domains, ...(await once(20, 1.8, 7, 10, 30, domains)) });
const summary = {
  runs: RUNS,
  coverage: { F0: share((r) => r.F0in), kNew: share((r) => r.kNewIn) },
  trustRmse: { mean: rows.reduce((s, r) => s + r.trustRmse, 0) / rows.length, max: Math.max(...rows.map((r) => r.trustRmse)) },
  secondsPerRun: rows.reduce((s, r) => s + r.seconds, 0) / rows.length,
  big: big.map((b) => ({
    ips: 10,
    days: 30,
    domains: b.domains,
    seconds: b.seconds,
    F0: b.est.F0,
    kNew: b.est.kNew,
    fDom: b.est.fDom,
    F0in: b.F0in,
    kNewIn: b.kNewIn,
    trustRmse: b.trustRmse,
  })),
};
console.log(JSON.stringify(summary, null, 1));
if (jsonAt >= 0) writeFileSync(args[jsonAt + 1]!, JSON.stringify({ summary, rows }, null, 1) + '\n');
