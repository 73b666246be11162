/**
 * The comparison charts as Vega-Lite specs (data inline, so each .vl.json opens in the Vega
 * editor as it stands). Every series is the mean over seeds with its 5-95 % band.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { Comparison } from '../metrics/comparison.ts';
import type { PolicyAggregate } from './aggregate.ts';
import { BANDS } from '../metrics/bands.ts';

const WIDTH = 720;
const BAND_COLOURS: Record<string, string> = { healthy: '#d9f0d3', watch: '#fff3b0', throttle: '#fdd0a2', pause: '#f4b6b6' };
const num = (x: number) => (Number.isFinite(x) ? x : null);

export interface ChartSpec {
  readonly id: string;
  readonly title: string;
  readonly spec: TopLevelSpec;
}

/** 1. Microsoft deferral rate per hour for each policy, over the seed article's bands. */
function deferralChart(aggs: readonly PolicyAggregate[], seeds: number): ChartSpec {
  const rows = aggs
    .flatMap((a) =>
      a.hourlyMsDeferral.mean.map((m, h) => ({
        policy: a.policy,
        day: h / 24,
        mean: num(m),
        p5: num(a.hourlyMsDeferral.p5[h]!),
        p95: num(a.hourlyMsDeferral.p95[h]!),
      })),
    )
    .filter((r) => r.mean !== null);
  const blocks = aggs
    .flatMap((a) => a.hourlyMsBlock.mean.map((m, h) => ({ policy: a.policy, day: h / 24, mean: num(m) })))
    .filter((r) => r.mean !== null && r.mean > 0);
  const top = Math.min(1, Math.max(0.2, ...rows.map((r) => (r.p95 ?? 0) * 1.05), ...blocks.map((b) => b.mean ?? 0)));
  let lo = 0;
  const bands = BANDS.map((b) => {
    const r = {
      band: `${b.band} ${(lo * 100).toFixed(0)}-${Number.isFinite(b.upTo) ? (b.upTo * 100).toFixed(0) : 100} %`,
      from: lo,
      to: Math.min(top, b.upTo),
      colour: BAND_COLOURS[b.band]!,
    };
    lo = b.upTo;
    return r;
  }).filter((b) => b.from < top);
  return {
    id: 'deferral-hourly',
    title: 'Microsoft deferral rate per hour',
    spec: {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      title: {
        text: 'Microsoft deferral rate per hour (4xx / attempts)',
        subtitle: [
          `mean of ${seeds} seed(s), shaded 5-95 %; background: the seed article's bands (square-root scale)`,
          'crosses: share of attempts refused by a block (550 S3150 / S3140 / 5.7.606) - a blocked IP defers nothing',
        ],
      },
      width: WIDTH,
      height: 320,
      layer: [
        {
          data: { values: bands },
          mark: { type: 'rect', opacity: 0.75 },
          encoding: {
            y: { field: 'from', type: 'quantitative', scale: { type: 'sqrt', domain: [0, top] } },
            y2: { field: 'to' },
            color: { field: 'colour', type: 'nominal', scale: null },
          },
        },
        {
          data: { values: bands },
          mark: { type: 'text', align: 'right', baseline: 'bottom', dx: -4, dy: -2, fontSize: 11, color: '#555' },
          encoding: {
            x: { datum: Math.max(1, ...rows.map((r) => r.day)) },
            y: { field: 'to', type: 'quantitative' },
            text: { field: 'band' },
          },
        },
        {
          data: { values: rows },
          mark: { type: 'area', opacity: 0.2 },
          encoding: {
            x: { field: 'day', type: 'quantitative', title: 'day' },
            y: { field: 'p5', type: 'quantitative' },
            y2: { field: 'p95' },
            color: { field: 'policy', type: 'nominal', legend: { title: 'policy' } },
          },
        },
        {
          data: { values: rows },
          mark: { type: 'line', strokeWidth: 1.4 },
          encoding: {
            x: { field: 'day', type: 'quantitative', title: 'day' },
            y: {
              field: 'mean',
              type: 'quantitative',
              title: 'deferral rate',
              axis: { format: '%', values: [0, 0.02, 0.05, 0.15, 0.3, 0.5, 0.75, 1].filter((v) => v <= top) },
              scale: { type: 'sqrt', domain: [0, top], clamp: true },
            },
            color: { field: 'policy', type: 'nominal', legend: { title: 'policy' } },
          },
        },
        {
          data: { values: blocks },
          mark: { type: 'point', shape: 'cross', size: 30, filled: true },
          encoding: {
            x: { field: 'day', type: 'quantitative' },
            y: { field: 'mean', type: 'quantitative' },
            color: { field: 'policy', type: 'nominal', legend: { title: 'policy' } },
          },
        },
      ],
    } as TopLevelSpec,
  };
}

/** 2. Queue latency p50 and p95 per day for each policy (log scale), bulk and transactional apart. */
function latencyChart(aggs: readonly PolicyAggregate[], seeds: number): ChartSpec {
  const rows = aggs
    .flatMap((a) =>
      (['bulk', 'transactional'] as const).flatMap((stream) =>
        (['p50', 'p95'] as const).flatMap((stat) => {
          const s = a.daily[`${stream === 'bulk' ? 'bulk' : 'tx'}${stat === 'p50' ? 'P50' : 'P95'}` as const];
          return s.mean.map((m, d) => ({
            policy: a.policy,
            stream,
            stat,
            day: d,
            mean: num(Math.max(1, m)),
            p5: num(Math.max(1, s.p5[d]!)),
            p95: num(Math.max(1, s.p95[d]!)),
          }));
        }),
      ),
    )
    .filter((r) => r.mean !== null);
  return {
    id: 'latency-daily',
    title: 'Queue latency per day',
    spec: {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      title: {
        text: 'Queue latency (injection to delivery), p50 solid and p95 dashed',
        subtitle: `per day, mean of ${seeds} seed(s); log scale, seconds`,
      },
      data: { values: rows },
      facet: { column: { field: 'stream', type: 'nominal', title: null, header: { labelFontSize: 13, labelFontWeight: 'bold' } } },
      spec: {
        width: WIDTH / 2 - 20,
        height: 260,
        mark: { type: 'line', strokeWidth: 1.5, point: false },
        encoding: {
          x: { field: 'day', type: 'quantitative', title: 'day' },
          y: { field: 'mean', type: 'quantitative', title: 'latency (s)', scale: { type: 'log' } },
          color: { field: 'policy', type: 'nominal', legend: { title: 'policy' } },
          strokeDash: {
            field: 'stat',
            type: 'nominal',
            scale: {
              domain: ['p50', 'p95'],
              range: [
                [1, 0],
                [5, 3],
              ],
            },
            legend: { title: 'statistic' },
          },
        },
      },
    } as TopLevelSpec,
  };
}

/** 3. Delivered per day against the plan's target volume. */
function deliveredChart(aggs: readonly PolicyAggregate[], seeds: number, target: number): ChartSpec {
  const rows = aggs.flatMap((a) =>
    a.daily.delivered.mean.map((m, d) => ({
      policy: a.policy,
      day: d,
      mean: num(m),
      p5: num(a.daily.delivered.p5[d]!),
      p95: num(a.daily.delivered.p95[d]!),
    })),
  );
  return {
    id: 'delivered-daily',
    title: 'Delivered per day',
    spec: {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      title: {
        text: 'Delivered per day (all providers) against the target volume',
        subtitle: `mean of ${seeds} seed(s), shaded 5-95 %; grey line: the plan's final daily volume`,
      },
      width: WIDTH,
      height: 280,
      layer: [
        {
          data: { values: rows },
          mark: { type: 'area', opacity: 0.2 },
          encoding: {
            x: { field: 'day', type: 'quantitative' },
            y: { field: 'p5', type: 'quantitative' },
            y2: { field: 'p95' },
            color: { field: 'policy', type: 'nominal', legend: { title: 'policy' } },
          },
        },
        {
          data: { values: rows },
          mark: { type: 'line', strokeWidth: 1.6, point: { size: 18 } },
          encoding: {
            x: { field: 'day', type: 'quantitative', title: 'day' },
            y: { field: 'mean', type: 'quantitative', title: 'messages delivered per day' },
            color: { field: 'policy', type: 'nominal', legend: { title: 'policy' } },
          },
        },
        {
          data: { values: [{ target, label: `target ${target.toLocaleString('en-US')}/day` }] },
          mark: { type: 'text', align: 'left', dx: 4, dy: -6, color: 'grey' },
          encoding: { x: { datum: 0 }, y: { field: 'target', type: 'quantitative' }, text: { field: 'label' } },
        },
        {
          data: { values: [{ target }] },
          mark: { type: 'rule', color: 'grey', strokeDash: [4, 3] },
          encoding: { y: { field: 'target', type: 'quantitative' } },
        },
      ],
    } as TopLevelSpec,
  };
}

/** 4. Hidden receiver state: Microsoft trust and capacity per IP (first seed of each policy). */
function hiddenChart(c: Comparison): ChartSpec {
  const trust: object[] = [],
    cap: object[] = [];
  c.policies.forEach((policy, i) => {
    const s = c.runs[i]![0]!.series;
    s.hiddenTrust.forEach((ts, ip) =>
      ts.forEach((t, h) => h % 3 === 2 && trust.push({ policy, ip: `IP ${ip + 1}`, day: (h + 1) / 24, value: num(t) })),
    );
    s.hiddenCapacity.forEach((cs, ip) =>
      cs.forEach((v, h) => h % 3 === 2 && cap.push({ policy, ip: `IP ${ip + 1}`, day: (h + 1) / 24, value: num(Math.max(1, v)) })),
    );
  });
  const line = (values: object[], title: string, log: boolean) => ({
    data: { values },
    width: WIDTH,
    height: 200,
    mark: { type: 'line', strokeWidth: 1.3 },
    encoding: {
      x: { field: 'day', type: 'quantitative', title: 'day' },
      y: { field: 'value', type: 'quantitative', title, ...(log ? { scale: { type: 'log' } } : { scale: { domain: [0, 1] } }) },
      color: { field: 'policy', type: 'nominal', legend: { title: 'policy' } },
      strokeDash: { field: 'ip', type: 'nominal', legend: { title: 'sending IP' } },
    },
  });
  return {
    id: 'hidden-state',
    title: 'Hidden receiver state',
    spec: {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      title: {
        text: "HIDDEN STATE - Microsoft's view of each IP, which no sender can observe",
        subtitle: `effective trust T_eff and capacity (messages/hour), first seed (${c.seeds[0]}); for understanding the model only`,
      },
      vconcat: [line(trust, 'trust T_eff (0-1)', false), line(cap, 'capacity (msgs/hour, log)', true)],
    } as TopLevelSpec,
  };
}

/** 5. Deferral heat map: hour of day by day, per policy. */
function heatmap(aggs: readonly PolicyAggregate[], seeds: number): ChartSpec {
  const rows = aggs.flatMap((a) =>
    a.hourlyMsDeferral.mean
      .map((m, h) => ({
        policy: a.policy,
        day: Math.floor(h / 24),
        hour: h % 24,
        rate: num(m),
        blocked: (a.hourlyMsBlock.mean[h] ?? 0) >= 0.5,
      }))
      .filter((r) => r.rate !== null),
  );
  return {
    id: 'deferral-heatmap',
    title: 'Deferral heat map',
    spec: {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      title: {
        text: 'Microsoft deferral rate by hour of day and day',
        subtitle: `mean of ${seeds} seed(s); white = no attempts that hour; black = blocked (most attempts refused with 550)`,
      },
      data: { values: rows },
      facet: {
        row: { field: 'policy', type: 'nominal', title: null, header: { labelFontWeight: 'bold', labelAngle: 0, labelAlign: 'left' } },
      },
      spec: {
        width: WIDTH - 120,
        height: 110,
        layer: [
          {
            mark: 'rect',
            encoding: {
              x: {
                field: 'day',
                type: 'ordinal',
                title: 'day',
                axis: { labelAngle: 0, values: Array.from({ length: 80 }, (_, i) => i * 5) },
              },
              y: { field: 'hour', type: 'ordinal', title: 'hour', axis: { values: [0, 6, 12, 18] } },
              color: {
                field: 'rate',
                type: 'quantitative',
                title: 'deferral rate',
                scale: { scheme: 'orangered', domain: [0, 0.5], clamp: true },
                legend: { format: '%' },
              },
            },
          },
          {
            transform: [{ filter: 'datum.blocked' }],
            mark: { type: 'rect', color: '#222' },
            encoding: { x: { field: 'day', type: 'ordinal' }, y: { field: 'hour', type: 'ordinal' } },
          },
        ],
      },
    } as TopLevelSpec,
  };
}

export function comparisonCharts(c: Comparison, aggs: readonly PolicyAggregate[]): ChartSpec[] {
  const target = c.runs[0]?.[0]?.series.target ?? 0;
  return [
    deferralChart(aggs, c.seeds.length),
    latencyChart(aggs, c.seeds.length),
    deliveredChart(aggs, c.seeds.length, target),
    ...(c.runs.some((rs) => rs.some((r) => r.series.hiddenTrust.length > 0)) ? [hiddenChart(c)] : []),
    heatmap(aggs, c.seeds.length),
  ];
}
