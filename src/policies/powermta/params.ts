/**
 * The powermta policy's parameters: the queue directives of PowerMTA's `<domain *>` defaults
 * (directive names with `_` for `-`, PowerMTA directive reference via docs/mta-behaviours.md section 2),
 * and `domains`, the `<domain X>` blocks, each overriding some of them for the recipient domains
 * it names (`match`, domain-macro expanded; `*` for all) and, when written inside a
 * `<virtual-mta>`, for that VMTA's IPs only (`ips`).
 *
 * Overlapping blocks resolve as PowerMTA resolves its config, most specific first and field by
 * field: a block's `match` is shorthand for one block per entry (as a domain-macro expands to one
 * `<domain>` per name), so `match: [outlook.com, '*']` sets its fields both in `<domain *>` and in
 * `<domain outlook.com>`. A queue (site x IP) takes, in this order, each later one winning field by
 * field: the top-level defaults; the `*` entries of the blocks without `ips` (in list order, as
 * repeated `<domain *>` directives, the later winning); the blocks without `ips` naming one of the
 * site's domains (list order); then the same two levels for the blocks whose `ips` hold the IP
 * (a `<virtual-mta>`'s `<domain *>`, then its named domains).
 */
import { z } from 'zod';
import { duration, optionalThrottle } from '../../spec/units-schema.ts';
import { parseIntervalList } from '../support/retry.ts';

/** The widely copied PowerMTA "blocking-errors" pattern list (Hotmail, Yahoo and general errors). */
const COMMON_BLOCKING_PATTERNS = [
  '/exceeded the rate limit/',
  '/exceeded the connection limit/',
  '/Mail rejected by Windows Live Hotmail for policy reasons/',
  '/mail.live.com\\/mail\\/troubleshooting.aspx/',
  '/\\[TS01\\] Messages from/',
  '/\\[TS02\\] Messages from/',
  '/\\[TS03\\] All messages from/',
  '/too many/',
  '/try again later/',
  '/421.*closing connection/',
];

const intervals = z.union([z.number(), z.string()]).transform((v, ctx): number[] => {
  const r = typeof v === 'number' ? [v] : parseIntervalList(v);
  if (typeof r === 'string') {
    ctx.addIssue({ code: 'custom', message: `${r} (expected e.g. "10m" or "10m,20m,1h")` });
    return z.NEVER;
  }
  return r;
});

const perDay = z.string().transform((v, ctx): number => {
  const m = /^\s*(\d+)\s*\/\s*(d|day)\s*$/i.exec(v);
  if (!m) {
    ctx.addIssue({ code: 'custom', message: `invalid max-cold-virtual-mta-msg "${v}" (expected e.g. "500/day")` });
    return z.NEVER;
  }
  return Number(m[1]);
});

/** The directives a `<domain>` block may set (every one optional there). */
export const QUEUE_FIELDS = {
  patterns: z.array(z.string()),
  max_smtp_out: z.number().int().min(1),
  max_msg_rate: optionalThrottle(),
  max_msg_per_connection: z.number().int().min(0),
  retry_after: intervals,
  backoff_max_smtp_out: z.number().int().min(1),
  backoff_max_msg_rate: optionalThrottle(),
  backoff_retry_after: intervals,
  backoff_to_normal_after: z.union([z.literal('never'), duration()]),
  backoff_to_normal_after_delivery: z.boolean(),
  bounce_after: duration(),
};

const domainBlock = z.strictObject({
  match: z.array(z.string().min(1)).min(1),
  ips: z.array(z.string()).optional(),
  ...Object.fromEntries(Object.entries(QUEUE_FIELDS).map(([k, v]) => [k, v.optional()])),
}) as unknown as z.ZodType<{ match: string[]; ips?: string[] } & Partial<QueueSettings>>;

export const powermtaParams = z.strictObject({
  patterns: QUEUE_FIELDS.patterns.default(COMMON_BLOCKING_PATTERNS),
  max_smtp_out: QUEUE_FIELDS.max_smtp_out.default(20),
  max_msg_rate: QUEUE_FIELDS.max_msg_rate.optional(),
  max_msg_per_connection: QUEUE_FIELDS.max_msg_per_connection.default(100),
  retry_after: QUEUE_FIELDS.retry_after.default([600]),
  backoff_max_smtp_out: QUEUE_FIELDS.backoff_max_smtp_out.default(20),
  backoff_max_msg_rate: QUEUE_FIELDS.backoff_max_msg_rate.default({ limit: 10_000, period: 3600, maxBurst: 10_000 }),
  backoff_retry_after: QUEUE_FIELDS.backoff_retry_after.default([3600]),
  backoff_to_normal_after: QUEUE_FIELDS.backoff_to_normal_after.default('never'),
  backoff_to_normal_after_delivery: QUEUE_FIELDS.backoff_to_normal_after_delivery.default(true),
  bounce_after: QUEUE_FIELDS.bounce_after.default(4 * 86400 + 12 * 3600),
  cold_ips: z.array(z.string()).default([]),
  max_cold_virtual_mta_msg: perDay.optional(),
  domains: z.array(domainBlock).default([]),
});

export type PowermtaParams = z.output<typeof powermtaParams>;

/** One queue's settings (a path's, once the blocks that apply are merged). */
export interface QueueSettings {
  patterns: string[];
  max_smtp_out: number;
  max_msg_rate: z.output<ReturnType<typeof optionalThrottle>>;
  max_msg_per_connection: number;
  retry_after: number[];
  backoff_max_smtp_out: number;
  backoff_max_msg_rate: z.output<ReturnType<typeof optionalThrottle>>;
  backoff_retry_after: number[];
  backoff_to_normal_after: 'never' | number;
  backoff_to_normal_after_delivery: boolean;
  bounce_after: number;
}

/** The settings of the queue (site x IP): the defaults, then the blocks that apply, by the levels of the file comment. */
export function settingsFor(p: PowermtaParams, domains: readonly string[], ip: string): QueueSettings {
  const { cold_ips: _c, max_cold_virtual_mta_msg: _m, domains: blocks, ...base } = p;
  const s: QueueSettings = { max_msg_rate: undefined, ...base };
  type Block = (typeof blocks)[number];
  const star = (b: Block) => b.match.includes('*');
  const named = (b: Block) => b.match.some((d) => d !== '*' && domains.includes(d.toLowerCase()));
  const global = blocks.filter((b) => b.ips === undefined);
  const vmta = blocks.filter((b) => b.ips?.includes(ip));
  // a block naming both `*` and one of the site's domains applies at both levels
  for (const b of [...global.filter(star), ...global.filter(named), ...vmta.filter(star), ...vmta.filter(named)])
    // a key present with an undefined value is an explicit "unlimited"
    for (const [k, v] of Object.entries(b)) if (k !== 'match' && k !== 'ips') (s as unknown as Record<string, unknown>)[k] = v;
  return s;
}
