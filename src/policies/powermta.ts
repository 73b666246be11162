/**
 * powermta: PowerMTA's per-queue (domain/vmta) normal and backoff modes (docs/mta-behaviours.md 2;
 * directive semantics from the PowerMTA directive reference and stock config comments).
 * - Normal mode: `max-smtp-out` connections, `max-msg-rate`, `max-msg-per-connection`,
 *   `retry-after` (an interval or a list, the last repeating).
 * - An `smtp-pattern-list` reply matching a pattern puts the queue in backoff: `backoff-max-smtp-out`,
 *   `backoff-max-msg-rate` (which counts attempts, deliveries and deferrals alike) and
 *   `backoff-retry-after`; back to normal after `backoff-to-normal-after` or, with
 *   `backoff-to-normal-after-delivery`, on the first delivery.
 * - `bounce-after` is the maximum time in queue.
 * - `max-cold-virtual-mta-msg N/day`: the cold VMTAs (`cold_ips`) take the first N messages a day,
 *   the rest goes to the other VMTAs of the pool.
 * The default pattern list is the widely copied "blocking-errors" list: its Hotmail patterns target
 * legacy texts and the generic "/try again later/" does not match S775's wording, so PowerMTA never
 * enters backoff on 451 4.7.650 unless a pattern for it is added (the known pitfall).
 */
import { z } from 'zod';
import { definePolicy } from './definition.ts';
import { ReplyMatcher } from './support/reply-match.ts';
import { duration, optionalThrottle } from '../spec/units-schema.ts';
import { parseIntervalList } from './support/retry.ts';
import type { MessageView, MtaControl, Policy } from '../contracts/policy.ts';
import type { Reply } from '../smtp/reply.ts';

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

export default definePolicy({
  name: 'powermta',
  summary: 'PowerMTA normal/backoff queue modes driven by an smtp-pattern-list; the common Hotmail patterns never match S775',
  source: 'PowerMTA directives: smtp-pattern-list, backoff-*, retry-after, bounce-after, max-cold-virtual-mta-msg',
  params: z.strictObject({
    patterns: z.array(z.string()).default(COMMON_BLOCKING_PATTERNS),
    max_smtp_out: z.number().int().min(1).default(20),
    max_msg_rate: optionalThrottle().optional(),
    max_msg_per_connection: z.number().int().min(0).default(100),
    retry_after: intervals.default([600]),
    backoff_max_smtp_out: z.number().int().min(1).default(20),
    backoff_max_msg_rate: optionalThrottle().default({ limit: 10_000, period: 3600, maxBurst: 10_000 }),
    backoff_retry_after: intervals.default([3600]),
    backoff_to_normal_after: z.union([z.literal('never'), duration()]).default('never'),
    backoff_to_normal_after_delivery: z.boolean().default(true),
    bounce_after: duration().default(4 * 86400 + 12 * 3600),
    cold_ips: z.array(z.string()).default([]),
    max_cold_virtual_mta_msg: perDay.optional(),
  }),
  create(p) {
    const match = ReplyMatcher.of(p.patterns);
    let mta: MtaControl;
    let backoff: Uint8Array;
    let since: Float64Array;
    /** Backoff entries, and the reply classes that triggered them. */
    const stats = { backoffEntries: 0, byClass: {} as Record<string, number> };
    const configure = (path: number, b: boolean) => {
      mta.setPathConnections(path, b ? p.backoff_max_smtp_out : p.max_smtp_out);
      mta.setPathRate(path, b ? p.backoff_max_msg_rate : p.max_msg_rate);
    };
    const toNormal = (path: number) => {
      backoff[path] = 0;
      configure(path, false);
    };
    const pick = (list: readonly number[], attempts: number) => list[Math.min(attempts - 1, list.length - 1)]!;
    const policy: Policy & { stats: typeof stats } = {
      stats,
      name: 'powermta',
      setup(m: MtaControl) {
        mta = m;
        backoff = new Uint8Array(m.pathCount);
        since = new Float64Array(m.pathCount);
        for (let path = 0; path < m.pathCount; path++) {
          configure(path, false);
          m.setPathPerConnection(path, p.max_msg_per_connection === 0 ? 1_000_000 : p.max_msg_per_connection);
        }
        m.setMaxAge(p.bounce_after);
        if (p.max_cold_virtual_mta_msg !== undefined) {
          m.ips.forEach((ip, i) => {
            if (!p.cold_ips.includes(ip.address)) return;
            m.setIpWeight(i, 1000); // the cold VMTA is chosen first ...
            m.setIpDailyCap(i, p.max_cold_virtual_mta_msg!); // ... for the first N a day
          });
        }
      },
      onReply(path: number, reply: Reply, now: number) {
        if (backoff[path] === 1 && reply.code >= 200 && reply.code < 300 && p.backoff_to_normal_after_delivery) return toNormal(path);
        if (backoff[path] === 0 && reply.code >= 400 && match.test(reply)) {
          backoff[path] = 1;
          since[path] = now;
          stats.backoffEntries++;
          stats.byClass[reply.cls] = (stats.byClass[reply.cls] ?? 0) + 1;
          configure(path, true);
          if (p.backoff_to_normal_after !== 'never') {
            const at = now + p.backoff_to_normal_after;
            mta.at(at, () => {
              if (backoff[path] === 1 && since[path] === now) toNormal(path);
            });
          }
        }
      },
      retryAt(msg: MessageView, _r: Reply, now: number) {
        const path = mta.path(msg.ip, msg.site);
        return now + pick(backoff[path] === 1 ? p.backoff_retry_after : p.retry_after, msg.attempts);
      },
    };
    return policy;
  },
});
