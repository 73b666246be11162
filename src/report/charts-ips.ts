/**
 * Per-IP charts: small multiples of each IP's band at each provider on each day (pooled over
 * seeds: pooled.ts), one panel per policy, and the hidden receiver state (Microsoft's trust and
 * capacity per IP, first seed), which no sender can observe.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { Comparison } from '../metrics/comparison.ts';
import { SCHEMA, WIDTH, bandColour, num, type Styled, type ChartSpec } from './chart-style.ts';
import { pooledIps } from './pooled.ts';

/** 6. Which IP is in which band on which day, at each provider, per policy. */
export function ipBandsChart(c: Comparison, st: Styled): ChartSpec | null {
  const rows = c.policies.flatMap((_, i) =>
    pooledIps(c.runs[i]!.map((r) => r.series)).flatMap((r) =>
      r.bands.flatMap((band, day) =>
        band === null ? [] : [{ policy: st.labels[i]!, ip: r.key, day, band, attempts: r.daily.attempts[day]! / c.seeds.length }],
      ),
    ),
  );
  if (rows.length === 0) return null;
  const keys = new Set(rows.map((r) => r.ip)).size;
  return {
    id: 'ip-bands',
    title: 'Every IP: band per day at each provider',
    spec: {
      $schema: SCHEMA,
      title: {
        text: 'Every IP separately: its band at each provider on each day',
        subtitle: `pooled over ${c.seeds.length} seed(s); white = no attempts; Blocked (black) = more than half of the attempts refused by a block`,
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
        width: WIDTH - 160,
        height: Math.max(24, 14 * keys),
        mark: { type: 'rect', stroke: 'white', strokeWidth: 0.5 },
        encoding: {
          x: { field: 'day', type: 'ordinal', title: 'day', axis: { labelAngle: 0, values: Array.from({ length: 80 }, (_, i) => i * 5) } },
          y: { field: 'ip', type: 'nominal', title: null, axis: { labelLimit: 240 } },
          color: bandColour('band'),
          tooltip: [{ field: 'ip' }, { field: 'day' }, { field: 'band' }, { field: 'attempts', format: ',.0f' }],
        },
      },
      resolve: { scale: { y: 'independent' } },
    } as TopLevelSpec,
  };
}

/** 4. Hidden receiver state: Microsoft trust and capacity per IP (first seed of each policy). */
export function hiddenChart(c: Comparison, st: Styled): ChartSpec | null {
  const trust: object[] = [],
    cap: object[] = [];
  c.policies.forEach((_, i) => {
    const s = c.runs[i]![0]!.series;
    const policy = st.labels[i]!;
    s.hiddenTrust.forEach((ts, ip) =>
      ts.forEach((t, h) => h % 3 === 2 && num(t) !== null && trust.push({ policy, ip: `IP ${ip + 1}`, day: (h + 1) / 24, value: t })),
    );
    s.hiddenCapacity.forEach((cs, ip) =>
      cs.forEach(
        (v, h) => h % 3 === 2 && num(v) !== null && cap.push({ policy, ip: `IP ${ip + 1}`, day: (h + 1) / 24, value: Math.max(1, v) }),
      ),
    );
  });
  if (trust.length === 0 && cap.length === 0) return null;
  const line = (values: object[], title: string, log: boolean) => ({
    data: { values },
    width: WIDTH,
    height: 200,
    mark: { type: 'line', strokeWidth: 1.3 },
    encoding: {
      x: { field: 'day', type: 'quantitative', title: 'day' },
      y: { field: 'value', type: 'quantitative', title, ...(log ? { scale: { type: 'log' } } : { scale: { domain: [0, 1] } }) },
      color: st.colour(),
      strokeDash: { field: 'ip', type: 'nominal', legend: { title: 'sending IP', symbolType: 'stroke' } },
    },
  });
  return {
    id: 'hidden-state',
    title: 'Hidden receiver state',
    spec: {
      $schema: SCHEMA,
      title: {
        text: "HIDDEN STATE - Microsoft's view of each IP, which no sender can observe",
        subtitle: `effective trust T_eff and capacity (messages/hour), first seed (${c.seeds[0]}); for understanding the model only`,
      },
      vconcat: [line(trust, 'trust T_eff (0-1)', false), line(cap, 'capacity (msgs/hour, log)', true)],
    } as TopLevelSpec,
  };
}
