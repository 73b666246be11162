/**
 * Microsoft's replies over time: the deferral and refused rate per hour over the seed article's
 * bands, with the hours a policy was blocked in a strip of their own above the rate lines (a
 * blocked IP defers nothing, so its rate line would sit at 0 and look Healthy: the line breaks
 * where the strip is dark), and the heat map by hour of day.
 */
import type { TopLevelSpec } from 'vega-lite';
import { BANDS, BLOCKED_SHARE } from '../metrics/bands.ts';
import type { PolicyAggregate } from './aggregate.ts';
import { BAND_COLOURS, SCHEMA, WIDTH, num, type Styled, type ChartSpec } from './chart-style.ts';

const blockedAt = (a: PolicyAggregate, h: number) => (a.hourlyMsBlock.mean[h] ?? 0) > BLOCKED_SHARE;

/** 1. Microsoft deferral (solid) and refused (dotted) rate per hour, and the blocked strip. */
export function deferralChart(aggs: readonly PolicyAggregate[], st: Styled, seeds: number): ChartSpec | null {
  const rows = aggs.flatMap((a, i) =>
    a.hourlyMsDeferral.mean.flatMap((m, h) => {
      if (!Number.isFinite(m)) return [];
      const blocked = blockedAt(a, h);
      return [
        {
          policy: st.labels[i]!,
          day: h / 24,
          rate: 'deferral',
          mean: blocked ? null : num(m),
          p5: blocked ? null : num(a.hourlyMsDeferral.p5[h]),
          p95: blocked ? null : num(a.hourlyMsDeferral.p95[h]),
        },
        { policy: st.labels[i]!, day: h / 24, rate: 'refused', mean: blocked ? null : num(a.hourlyMsRefused.mean[h]), p5: null, p95: null },
      ];
    }),
  );
  if (rows.length === 0) return null;
  const strip = aggs.flatMap((a, i) =>
    a.hourlyMsBlock.mean.flatMap((_, h) => (blockedAt(a, h) ? [{ policy: st.labels[i]!, day: h / 24, end: (h + 1) / 24 }] : [])),
  );
  const maxDay = Math.max(1, ...rows.map((r) => r.day));
  const top = Math.min(1, Math.max(0.2, ...rows.map((r) => Math.max(r.p95 ?? 0, r.mean ?? 0) * 1.05)));
  let lo = 0;
  const bands = BANDS.filter((b) => b.band !== 'blocked')
    .map((b) => {
      const r = {
        band: `${b.band} ${(lo * 100).toFixed(0)}-${Number.isFinite(b.upTo) ? (b.upTo * 100).toFixed(0) : 100} %`,
        from: lo,
        to: Math.min(top, b.upTo),
        colour: BAND_COLOURS[b.band],
      };
      lo = b.upTo;
      return r;
    })
    .filter((b) => b.from < top);
  const x = { field: 'day', type: 'quantitative', title: 'day', scale: { domain: [0, Math.ceil(maxDay)] }, axis: { tickMinStep: 1 } };
  const y = { type: 'quantitative', scale: { type: 'sqrt', domain: [0, top], clamp: true } };
  const stripPanel = {
    width: WIDTH,
    height: Math.max(18, 16 * aggs.length),
    title: {
      text: `Blocked hours (more than ${BLOCKED_SHARE * 100} % of the attempts refused by a block: 550 S3150 / S3140 / 5.7.606)`,
      fontSize: 11,
      anchor: 'start',
    },
    layer: [
      {
        data: { values: st.labels.map((policy) => ({ policy })) },
        mark: { type: 'tick', opacity: 0 },
        encoding: { y: { field: 'policy', type: 'nominal', title: null, scale: { domain: st.labels } } },
      },
      {
        data: { values: strip },
        mark: { type: 'rect', opacity: 0.9 },
        encoding: { x: { ...x, title: null }, x2: { field: 'end' }, y: { field: 'policy', type: 'nominal' }, color: st.colour() },
      },
    ],
  };
  const ratePanel = {
    width: WIDTH,
    height: 300,
    layer: [
      {
        data: { values: bands },
        mark: { type: 'rect', opacity: 0.75 },
        encoding: { y: { field: 'from', ...y }, y2: { field: 'to' }, color: { field: 'colour', type: 'nominal', scale: null } },
      },
      {
        data: { values: bands },
        mark: { type: 'text', align: 'right', baseline: 'bottom', dx: -4, dy: -2, fontSize: 11, color: '#555' },
        encoding: { x: { datum: Math.ceil(maxDay) }, y: { field: 'to', type: 'quantitative' }, text: { field: 'band' } },
      },
      {
        data: { values: rows.filter((r) => r.rate === 'deferral') },
        mark: { type: 'area', opacity: 0.15, invalid: 'break-paths-show-domains' },
        encoding: { x, y: { field: 'p5', type: 'quantitative' }, y2: { field: 'p95' }, color: st.colour() },
      },
      {
        data: { values: rows },
        mark: { type: 'line', strokeWidth: 1.4, invalid: 'break-paths-show-domains' },
        encoding: {
          x,
          y: {
            field: 'mean',
            ...y,
            title: 'rate',
            axis: { format: '%', values: [0, 0.02, 0.05, 0.15, 0.3, 0.5, 0.75, 1].filter((v) => v <= top) },
          },
          color: st.colour(),
          strokeDash: {
            field: 'rate',
            type: 'nominal',
            scale: {
              domain: ['deferral', 'refused'],
              range: [
                [1, 0],
                [2, 2],
              ],
            },
            legend: { title: 'rate', symbolType: 'stroke' },
          },
          detail: { field: 'policy' },
        },
      },
    ],
  };
  return {
    id: 'deferral-hourly',
    title: 'Microsoft deferral and refused rate per hour',
    spec: {
      $schema: SCHEMA,
      title: {
        text: 'Microsoft deferral rate (4xx / attempts, solid) and refused rate ((4xx + policy 5xx) / attempts, dotted) per hour',
        subtitle: [
          `mean of ${seeds} seed(s), shaded 5-95 %; background: the seed article's bands (square-root scale)`,
          'a blocked IP defers nothing: its blocked hours are in the strip above, and its lines break there',
        ],
      },
      vconcat: [stripPanel, ratePanel],
      resolve: { scale: { color: 'shared' } },
    } as TopLevelSpec,
  };
}

/** 5. Deferral heat map: hour of day by day, per policy; blocked hours black. */
export function heatmap(aggs: readonly PolicyAggregate[], st: Styled, seeds: number): ChartSpec | null {
  const rows = aggs.flatMap((a, i) =>
    a.hourlyMsDeferral.mean
      .map((m, h) => ({ policy: st.labels[i]!, day: Math.floor(h / 24), hour: h % 24, rate: num(m), blocked: blockedAt(a, h) }))
      .filter((r) => r.rate !== null),
  );
  if (rows.length === 0) return null;
  return {
    id: 'deferral-heatmap',
    title: 'Deferral heat map',
    spec: {
      $schema: SCHEMA,
      title: {
        text: 'Microsoft deferral rate by hour of day and day',
        subtitle: `mean of ${seeds} seed(s); white = no attempts that hour; black = blocked (most attempts refused by a block)`,
      },
      data: { values: rows },
      facet: {
        row: {
          field: 'policy',
          type: 'nominal',
          title: null,
          sort: st.labels,
          header: { labelFontWeight: 'bold', labelAngle: 0, labelAlign: 'left', labelLimit: 300 },
        },
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
            mark: { type: 'rect', color: BAND_COLOURS.blocked },
            encoding: { x: { field: 'day', type: 'ordinal' }, y: { field: 'hour', type: 'ordinal' } },
          },
        ],
      },
    } as TopLevelSpec,
  };
}
