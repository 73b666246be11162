/**
 * The comparison charts as Vega-Lite specs (data inline, so each .vl.json opens in the Vega
 * editor as it stands). Every series is the mean over seeds with its 5-95 % band; every policy
 * keeps its colour across charts (chart-style.ts); a chart without data is not drawn.
 */
import type { Comparison } from '../metrics/comparison.ts';
import type { PolicyAggregate } from './aggregate.ts';
import { styleOf, type ChartSpec } from './chart-style.ts';
import { deferralChart, heatmap } from './charts-rates.ts';
import { deliveredChart, latencyChart } from './charts-volume.ts';
import { hiddenChart, ipBandsChart } from './charts-ips.ts';

export function comparisonCharts(c: Comparison, aggs: readonly PolicyAggregate[]): ChartSpec[] {
  const target = c.runs[0]?.[0]?.series.target ?? 0;
  const st = styleOf(c);
  const n = c.seeds.length;
  return [
    deferralChart(aggs, st, n),
    latencyChart(aggs, st, n),
    deliveredChart(aggs, st, n, target),
    ipBandsChart(c, st),
    hiddenChart(c, st),
    heatmap(aggs, st, n),
  ].filter((x): x is ChartSpec => x !== null);
}
