/**
 * The zod schema of one entry of a scenario's `expect:` list, for the scenario schema to include
 * (`expect: z.array(expectEntrySchema).default([])`), and {@link checkPolicyNames}, which checks
 * the policy names an entry uses against the scenario's policies (the entry alone cannot).
 *
 *   { policy: kumo, that: "outlook_blocks == 0", in: "95% of seeds" }      share of seeds
 *   { that: "days_to_target <= 21" }                                      every policy, every seed
 *   { policy: kumo, mean: "transactional.p95_latency < 10m", confidence: 0.95 }   bound on the mean
 *   { compare: [kumo, naive], that: "kumo.delivered > naive.delivered", confidence: 0.95 }
 *
 * The expression itself is parsed later, by compileExpectations, which needs the file's text to
 * point at the exact character of an error.
 */
import { z } from 'zod';
import { didYouMean } from './did-you-mean.ts';

export type Quantifier = { readonly kind: 'share'; readonly share: number } | { readonly kind: 'mean'; readonly confidence: number };

/** One `expect:` entry, normalised. */
export interface ExpectSpec {
  readonly name?: string;
  /** As written: one policy, a list, or absent (every policy of the scenario). */
  readonly policy?: string | readonly string[];
  readonly compare?: readonly [string, string];
  /** Which key holds the expression (for locating errors in it). */
  readonly key: 'that' | 'mean';
  readonly text: string;
  readonly quantifier: Quantifier;
  readonly fromDay?: number;
}

const DEFAULT_CONFIDENCE = 0.95;

/** "95% of seeds" -> 0.95, "all seeds" -> 1; undefined when malformed or out of (0, 100] %. */
export function parseShare(text: string): number | undefined {
  const s = text.trim().toLowerCase();
  if (/^(all|every) seeds?$/.test(s)) return 1;
  const m = /^(\d+(?:\.\d+)?)\s*%\s*of\s+(?:the\s+)?seeds$/.exec(s);
  if (!m) return undefined;
  const pct = Number(m[1]);
  return pct > 0 && pct <= 100 ? pct / 100 : undefined;
}

const name = z.string().min(1, 'expected a policy name');

export const expectEntrySchema = z
  .strictObject({
    name: z.string().min(1).optional().describe('a label for reports (default: the expression)'),
    policy: z
      .union([name, z.array(name).min(1)])
      .optional()
      .describe('the policy (or policies) it applies to; default every policy'),
    compare: z
      .tuple([name, name])
      .optional()
      .describe('two policies compared on the same seeds; names in the expression are policy.metric'),
    that: z.string().optional().describe('the condition, checked on each seed, e.g. "outlook_blocks == 0"'),
    mean: z.string().optional().describe('a condition on the mean over seeds, checked by a one-sided Student t bound'),
    in: z.string().optional().describe('share of seeds that must satisfy it: "95% of seeds" (default "100% of seeds")'),
    confidence: z
      .number()
      .gt(0.5, 'expected a confidence above 0.5, such as 0.95')
      .lt(1, 'expected a confidence below 1, such as 0.95')
      .optional()
      .describe('check a one-sided Student t bound on the mean (paired differences for compare) at this confidence'),
    from_day: z
      .number()
      .int('expected a whole day number')
      .min(0, 'expected a day >= 0 (day 0 is the first day)')
      .optional()
      .describe('count only days >= this one (day 0 is the first) for metrics read per day'),
  })
  .superRefine((e, ctx) => {
    const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message });
    if (e.that === undefined && e.mean === undefined)
      issue([], 'missing that: (the condition, e.g. that: "outlook_blocks == 0") or mean: (a condition on the mean)');
    if (e.that !== undefined && e.mean !== undefined) issue(['mean'], 'give that: or mean:, not both');
    if (e.policy !== undefined && e.compare !== undefined)
      issue(['compare'], 'give policy: or compare:, not both (compare: names its two policies)');
    if (e.compare !== undefined && e.compare[0] === e.compare[1]) issue(['compare', 1], 'compare two different policies');
    if (e.in !== undefined && parseShare(e.in) === undefined)
      issue(['in'], `invalid ${JSON.stringify(e.in)} (expected "N% of seeds" with 0 < N <= 100, e.g. "95% of seeds", or "all seeds")`);
    if (e.in !== undefined && e.confidence !== undefined)
      issue(['confidence'], 'give in: (a share of seeds) or confidence: (a bound on the mean), not both');
    if (e.in !== undefined && e.mean !== undefined)
      issue(['in'], 'mean: is checked by a confidence bound, not a share of seeds (drop in:, or write that:)');
  })
  .transform((e): ExpectSpec => {
    const key = e.mean !== undefined ? 'mean' : 'that';
    const quantifier: Quantifier =
      e.mean !== undefined || e.confidence !== undefined
        ? { kind: 'mean', confidence: e.confidence ?? DEFAULT_CONFIDENCE }
        : { kind: 'share', share: e.in === undefined ? 1 : parseShare(e.in)! };
    return {
      ...(e.name !== undefined ? { name: e.name } : {}),
      ...(e.policy !== undefined ? { policy: e.policy } : {}),
      ...(e.compare !== undefined ? { compare: e.compare } : {}),
      key,
      text: (key === 'mean' ? e.mean : e.that) ?? '',
      quantifier,
      ...(e.from_day !== undefined ? { fromDay: e.from_day } : {}),
    };
  });

type ExpectEntryInput = z.input<typeof expectEntrySchema>;

export interface NameIssue {
  readonly path: (string | number)[];
  readonly message: string;
}

/** Issues for policy names an entry uses that the scenario does not define, with paths like ['expect', 2, 'policy']. */
export function checkPolicyNames(entries: readonly ExpectSpec[], policies: readonly string[]): NameIssue[] {
  const out: NameIssue[] = [];
  const check = (n: string, path: (string | number)[]) => {
    if (policies.includes(n)) return;
    const dym = didYouMean(n, policies);
    out.push({ path, message: `unknown policy "${n}" (${dym === '' ? `the scenario's policies: ${policies.join(', ')}` : dym})` });
  };
  entries.forEach((e, i) => {
    if (typeof e.policy === 'string') check(e.policy, ['expect', i, 'policy']);
    else e.policy?.forEach((p, k) => check(p, ['expect', i, 'policy', k]));
    e.compare?.forEach((p, k) => check(p, ['expect', i, 'compare', k]));
  });
  return out;
}
