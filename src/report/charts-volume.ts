/**
 * What got through: queue latency per day (p50 and p95, bulk and transactional apart, on a log
 * axis labelled in s / min / h / d; never-delivered mail counted as never) and delivered per day
 * against the plan's target. A panel without data is left out, and a chart with none is not drawn.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { PolicyAggregate } from './aggregate.ts';
import { SCHEMA, WIDTH, num, type Styled, type ChartSpec } from './chart-style.ts';
import { HUMAN_SECONDS_EXPR, HUMAN_TICKS } from './format.ts';

/** 2. Queue latency p50 (solid) and p95 (dashed) per day for each policy, per stream kind. */
export function latencyChart(aggs: readonly PolicyAggregate[], st: Styled, seeds: number): ChartSpec | null {
  const rows = aggs.flatMap((a, i) =>
    (['bulk', 'transactional'] as const).flatMap((stream) =>
      (['p50', 'p95'] as const).flatMap((stat) => {
        const s = a.daily[`${stream === 'bulk' ? 'bulk' : 'tx'}${stat === 'p50' ? 'P50' : 'P95'}` as const];
        return s.mean.map((m, d) => ({ policy: st.labels[i]!, stream, stat, day: d, mean: num(Math.max(1, m)) }));
      }),
    ),
  );
  const drawn = rows.filter((r) => r.mean !== null);
  const kinds = new Set(drawn.map((r) => r.stream));
  if (drawn.length === 0) return null;
  const max = Math.max(...drawn.map((r) => r.mean!));
  const ticks = HUMAN_TICKS.filter((t) => t <= max * 1.5);
  return {
    id: 'latency-daily',
    title: 'Queue latency per day',
    spec: {
      $schema: SCHEMA,
      title: {
        text: 'Queue latency (injection to delivery), p50 solid and p95 dashed',
        subtitle: [
          `per day, mean of ${seeds} seed(s); log scale; mail still queued at the end counts at its age`,
          "a gap: more than half (p50) or 5 % (p95) of that day's mail was never delivered (expired, given up, blocked)",
        ],
      },
      data: { values: rows.filter((r) => kinds.has(r.stream)) },
      facet: { column: { field: 'stream', type: 'nominal', title: null, header: { labelFontSize: 13, labelFontWeight: 'bold' } } },
      spec: {
        width: WIDTH / 2 - 20,
        height: 260,
        mark: { type: 'line', strokeWidth: 1.5, point: false, invalid: 'break-paths-show-domains' },
        encoding: {
          x: { field: 'day', type: 'quantitative', title: 'day', axis: { tickMinStep: 1 } },
          y: {
            field: 'mean',
            type: 'quantitative',
            title: 'latency',
            scale: { type: 'log' },
            axis: { values: ticks, labelExpr: HUMAN_SECONDS_EXPR },
          },
          color: st.colour(),
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
            legend: { title: 'statistic', symbolType: 'stroke' },
          },
        },
      },
    } as TopLevelSpec,
  };
}

/** 3. Delivered per day against the plan's target volume (the target line only when there is one). */
export function deliveredChart(aggs: readonly PolicyAggregate[], st: Styled, seeds: number, target: number): ChartSpec | null {
  const rows = aggs.flatMap((a, i) =>
    a.daily.delivered.mean.map((m, d) => ({
      policy: st.labels[i]!,
      day: d,
      mean: num(m),
      p5: num(a.daily.delivered.p5[d]!),
      p95: num(a.daily.delivered.p95[d]!),
    })),
  );
  if (!rows.some((r) => (r.mean ?? 0) > 0)) return null;
  const targetLayers =
    target > 0
      ? [
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
        ]
      : [];
  return {
    id: 'delivered-daily',
    title: 'Delivered per day',
    spec: {
      $schema: SCHEMA,
      title: {
        text: target > 0 ? 'Delivered per day (all providers) against the target volume' : 'Delivered per day (all providers)',
        subtitle: `mean of ${seeds} seed(s), shaded 5-95 %${target > 0 ? "; grey line: the plan's final daily bulk volume" : ''}`,
      },
      width: WIDTH,
      height: 280,
      layer: [
        {
          data: { values: rows },
          mark: { type: 'area', opacity: 0.15 },
          encoding: {
            x: { field: 'day', type: 'quantitative' },
            y: { field: 'p5', type: 'quantitative' },
            y2: { field: 'p95' },
            color: st.colour(),
          },
        },
        {
          data: { values: rows },
          mark: { type: 'line', strokeWidth: 1.6, point: { size: 18 } },
          encoding: {
            x: { field: 'day', type: 'quantitative', title: 'day', axis: { tickMinStep: 1 } },
            y: { field: 'mean', type: 'quantitative', title: 'messages delivered per day' },
            color: st.colour(),
          },
        },
        ...targetLayers,
      ],
    } as TopLevelSpec,
  };
}
