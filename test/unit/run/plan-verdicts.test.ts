/** The plan against each baseline (src/run/plan/verdicts.ts): beats, ties and the reason it cannot, as sentences. */
import { describe, expect, it } from 'vitest';
import { planVerdicts } from '../../../src/run/plan/verdicts.ts';
import { verdictStats } from '../../../src/metrics/plan-stats.ts';
import type { PlanBaseline } from '../../../src/metrics/plan-result.ts';
import type { SeedVerdict } from '../../../src/metrics/plan-verdict.ts';

function baseline(name: string, kind: PlanBaseline['kind'], seeds: [boolean, number | null][]): PlanBaseline {
  const verdicts: SeedVerdict[] = seeds.map(([safe, reached]) => ({ safe, reached, worst: 0, blocks: 0, unsafeDay: safe ? null : 1 }));
  return { name, kind, verdicts, reached: seeds.map(([, r]) => r), stats: verdictStats(verdicts, 0.5) };
}

describe('plan verdicts', () => {
  const plan = baseline('plan', 'plan', [
    [true, 5],
    [true, 6],
  ]);
  it.each([
    [
      'slower and safe',
      [
        [true, 9],
        [true, 9],
      ],
      true,
      'beats slow: the plan: day 5, risk 0 %; slow: target day 9 in 50 % of the seeds, risk 0 %',
    ],
    [
      'as fast',
      [
        [true, 5],
        [true, 7],
      ],
      false,
      'as fast as same at equal or lower risk, not faster: the plan: day 5, risk 0 %; same: target day 5 in 50 % of the seeds, risk 0 %',
    ],
    [
      'faster',
      [
        [true, 3],
        [true, 3],
      ],
      false,
      'cannot beat quick (it is slower): the plan: day 5, risk 0 %; quick: target day 3 in 50 % of the seeds, risk 0 %',
    ],
    [
      'fast but never safe',
      [
        [false, 4],
        [false, 4],
      ],
      true,
      'beats reckless: the plan: day 5, risk 0 %; reckless: target never in 50 % of the seeds (day 4 in the median seed, safe or not), risk 100 %',
    ],
  ] as const)('%s', (_what, seeds, beats, text) => {
    const name = text.match(/(?:beats|as fast as|cannot beat) (\w+)/)![1]!;
    const [v] = planVerdicts([plan, baseline(name, 'esp', seeds.map((x) => [...x]) as [boolean, number | null][])], 0.5);
    expect(v).toEqual({ baseline: name, beats, text });
  });

  it('with no plan, every baseline says so', () => {
    const [v] = planVerdicts([baseline('ses', 'esp', [[true, null]])], 0.9);
    expect(v!.text).toBe('no plan met the criteria; ses: target never in 90 % of the seeds, risk 0 %');
  });
});
