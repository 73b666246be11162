/**
 * The plan report's charts as Vega-Lite specs (data inline, as in charts.ts):
 * - the frontier: every raced candidate at its days to target (median first day at target over
 *   the seeds that got there before breaking a rule; candidates none of whose seeds got there sit
 *   at their capacity lower bound, hollow) against its risk (share of seeds that broke a rule),
 *   the lowest risk reached at each speed as a step line, the allowed risk as a rule, the chosen
 *   plan and the baselines (ESP schedules, the scenario's policies) labelled;
 * - the chosen plan's hourly cap per IP at each provider by day, beside SendGrid's published
 *   hourly table (its ~x1.4 a day, `PlanResult.sendgridHourly`) on a log scale.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { PlanResult } from '../metrics/plan-result.ts';
import { WIDTH, num, type ChartSpec } from './chart-style.ts';

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? Number.NaN : s.length % 2 === 1 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
}

function frontierChart(r: PlanResult): ChartSpec {
  const chosen = r.chosen?.candidate.id;
  const runnersUp = new Set(r.runnersUp.map((c) => c.id));
  const points = r.candidates
    .filter((c) => c.stats.seeds > 0)
    .map((c) => {
      const bound = !Number.isFinite(c.speed);
      return {
        id: c.id,
        days: bound ? num(c.lowerBound) : c.speed,
        risk: c.stats.risk,
        seeds: c.stats.seeds,
        kind:
          c.id === chosen
            ? 'chosen plan'
            : runnersUp.has(c.id)
              ? 'runner-up'
              : c.dropped
                ? `dropped (${c.dropped.reason})`
                : 'raced, all seeds',
        shape: bound ? 'lower bound only' : 'simulated',
      };
    })
    .filter((p) => p.days !== null);
  const byDay = new Map<number, number>();
  for (const p of points) if (p.shape === 'simulated') byDay.set(p.days!, Math.min(byDay.get(p.days!) ?? 1, p.risk));
  let best = 1;
  const front = [...byDay].sort((a, b) => a[0] - b[0]).flatMap(([days, risk]) => (risk < best ? [{ days, risk: (best = risk) }] : []));
  // baselines at the same point share one label
  const at = new Map<string, { days: number; risk: number; names: string[] }>();
  for (const b of r.baselines.filter((x) => x.kind !== 'plan')) {
    const days = median(b.reached.flatMap((x) => (x === null ? [] : [x])));
    if (!Number.isFinite(days)) continue;
    const k = `${days}/${b.stats.risk}`;
    if (!at.has(k)) at.set(k, { days, risk: b.stats.risk, names: [] });
    at.get(k)!.names.push(b.name);
  }
  const never = r.baselines.filter((b) => b.kind !== 'plan' && b.reached.every((x) => x === null)).map((b) => b.name);
  const base = [...at.values()].map((b) => ({ days: b.days, risk: b.risk, name: b.names.join(', ') }));
  const plan = r.chosen ? points.filter((p) => p.id === r.chosen!.candidate.id).map((p) => ({ ...p, name: 'plan' })) : [];
  const allowed = 1 - r.confidence;
  const x = { field: 'days', type: 'quantitative' as const, title: 'days to target (0-based day)', scale: { zero: false, padding: 40 } };
  const y = { field: 'risk', type: 'quantitative' as const, title: 'risk: share of seeds that broke a rule', scale: { domain: [0, 1] } };
  const spec: TopLevelSpec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: {
      text: 'Days to target against risk: the frontier of the searched ramps',
      subtitle: [
        `each point a candidate (size: seeds run); step line: the lowest risk at each speed; dashed: the allowed risk (${(allowed * 100).toFixed(0)} %)`,
        'triangles: no seed reached the target before breaking a rule (placed at the capacity lower bound); diamonds: ESP schedules, scenario policies',
        `(at their median first day at target, safe or not; ${never.length > 0 ? `never at target in the run: ${never.join(', ')}` : 'every one reached it'})`,
      ],
    },
    width: WIDTH,
    height: 360,
    config: { legend: { orient: 'bottom', direction: 'horizontal', columns: 3 } },
    layer: [
      {
        data: { values: [{ risk: allowed }] },
        mark: { type: 'rule', strokeDash: [5, 4], color: 'grey' },
        encoding: { y: { field: 'risk', type: 'quantitative' } },
      },
      { data: { values: front }, mark: { type: 'line', interpolate: 'step-after', color: '#555' }, encoding: { x, y } },
      {
        data: { values: points },
        mark: { type: 'point', opacity: 0.75, filled: true },
        encoding: {
          x,
          y,
          size: { field: 'seeds', type: 'quantitative', title: 'seeds run', scale: { range: [20, 160] } },
          color: { field: 'kind', type: 'nominal', title: 'candidate' },
          shape: {
            field: 'shape',
            type: 'nominal',
            title: 'days from',
            scale: { domain: ['simulated', 'lower bound only'], range: ['circle', 'triangle-right'] },
          },
        },
      },
      { data: { values: base }, mark: { type: 'point', shape: 'diamond', size: 140, filled: true, color: 'black' }, encoding: { x, y } },
      {
        data: { values: base },
        mark: { type: 'text', align: 'left', dx: 9, dy: -7, fontSize: 11 },
        encoding: { x, y, text: { field: 'name' } },
      },
      { data: { values: plan }, mark: { type: 'point', shape: 'cross', size: 260, color: '#c00', strokeWidth: 2 }, encoding: { x, y } },
      {
        data: { values: plan },
        mark: { type: 'text', align: 'left', dx: 10, dy: -12, fontSize: 12, fontWeight: 'bold', color: '#c00' },
        encoding: { x, y, text: { field: 'name' } },
      },
    ],
  };
  return { id: 'frontier', title: 'Frontier: days to target against risk', spec };
}

function scheduleChart(r: PlanResult): ChartSpec | undefined {
  if (r.schedule.length === 0) return undefined;
  const ip = r.schedule[0]!.ip;
  const mine = r.schedule.filter((s) => s.ip === ip);
  // one line when every provider has the same table (the searched ramp sets one cap for all)
  const same = mine.every((s) => s.hourlyCap === mine.find((t) => t.day === s.day)!.hourlyCap);
  const rows = mine
    .filter((s) => !same || s.provider === mine[0]!.provider)
    .map((s) => ({ day: s.day, cap: s.hourlyCap, series: same ? 'plan (every provider)' : `plan: ${s.provider}` }));
  const days = Math.max(...rows.map((x) => x.day)) + 1;
  for (let d = 0; d < days; d++)
    rows.push({ day: d, cap: r.sendgridHourly[Math.min(d, r.sendgridHourly.length - 1)]!, series: 'SendGrid hourly table' });
  const spec: TopLevelSpec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: {
      text: 'Hourly cap per IP by day',
      subtitle: `the chosen plan (${ip}; every IP of the plan has the same table) and SendGrid's table; log scale`,
    },
    width: WIDTH,
    height: 300,
    data: { values: rows },
    mark: { type: 'line', point: true },
    encoding: {
      x: { field: 'day', type: 'quantitative', title: 'day' },
      y: { field: 'cap', type: 'quantitative', title: 'messages per hour per IP', scale: { type: 'log' } },
      color: { field: 'series', type: 'nominal', title: '', legend: { labelLimit: 420 } },
    },
  };
  return { id: 'schedule', title: 'The plan: hourly cap per IP by day', spec };
}

export function planCharts(r: PlanResult): ChartSpec[] {
  return [frontierChart(r), scheduleChart(r)].filter((c): c is ChartSpec => c !== undefined);
}
