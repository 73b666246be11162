/**
 * The plan against each baseline, on the same seeds: it beats a baseline when it reaches the
 * target sooner at the confidence (days to target in that share of the seeds, safe) with an equal
 * or lower risk (share of seeds that broke a rule); otherwise the sentence says why it cannot.
 */
import type { PlanBaseline } from '../../metrics/plan-result.ts';

const days = (d: number) => (d === Infinity ? 'never' : `day ${d}`);
const pct = (x: number) => `${(x * 100).toFixed(0)} %`;

export function planVerdicts(baselines: readonly PlanBaseline[], confidence: number): { baseline: string; beats: boolean; text: string }[] {
  const plan = baselines.find((b) => b.kind === 'plan');
  const at = `in ${pct(confidence)} of the seeds`;
  return baselines
    .filter((b) => b.kind !== 'plan')
    .map((b) => {
      const raw = b.reached.filter((x): x is number => x !== null).sort((x, y) => x - y);
      const typical =
        b.stats.days === Infinity && raw.length > b.reached.length / 2
          ? ` (${days(raw[Math.floor((b.reached.length - 1) / 2)]!)} in the median seed, safe or not)`
          : '';
      const them = `${b.name}: target ${days(b.stats.days)} ${at}${typical}, risk ${pct(b.stats.risk)}`;
      if (plan === undefined) return { baseline: b.name, beats: false, text: `no plan met the criteria; ${them}` };
      const p = plan.stats;
      const us = `the plan: ${days(p.days)}, risk ${pct(p.risk)}`;
      if (p.days === Infinity)
        return { baseline: b.name, beats: false, text: `cannot beat ${b.name}: the plan does not reach the target ${at} (${us}; ${them})` };
      if (p.days < b.stats.days && p.risk <= b.stats.risk)
        return { baseline: b.name, beats: true, text: `beats ${b.name}: ${us}; ${them}` };
      if (p.days === b.stats.days && p.risk <= b.stats.risk)
        return { baseline: b.name, beats: false, text: `as fast as ${b.name} at equal or lower risk, not faster: ${us}; ${them}` };
      const why = p.risk > b.stats.risk ? 'it is riskier' : 'it is slower';
      return { baseline: b.name, beats: false, text: `cannot beat ${b.name} (${why}): ${us}; ${them}` };
    });
}
