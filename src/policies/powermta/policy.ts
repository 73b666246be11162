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
 * - `domains`: `<domain X>` blocks overriding these for the sites serving X, and for one VMTA's IPs
 *   when written inside its `<virtual-mta>` (./params.ts); a block applies to the whole site (the
 *   MX rollup, as `queue-to` collapses a domain-macro into one queue).
 * The default pattern list is the widely copied "blocking-errors" list: its Hotmail patterns target
 * legacy texts and the generic "/try again later/" does not match S775's wording, so PowerMTA never
 * enters backoff on 451 4.7.650 unless a pattern for it is added (the known pitfall).
 */
import { definePolicy } from '../definition.ts';
import { ReplyMatcher } from '../support/reply-match.ts';
import { GIVE_UP, type MessageView, type MtaControl, type Policy } from '../../contracts/policy.ts';
import type { Reply } from '../../smtp/reply.ts';
import { powermtaParams, settingsFor, type QueueSettings } from './params.ts';

export default definePolicy({
  name: 'powermta',
  summary: 'PowerMTA normal/backoff queue modes driven by an smtp-pattern-list; the common Hotmail patterns never match S775',
  source: 'PowerMTA directives: <domain>, <virtual-mta>, smtp-pattern-list, backoff-*, retry-after, bounce-after, max-cold-virtual-mta-msg',
  params: powermtaParams,
  create(p) {
    let mta: MtaControl;
    let backoff: Uint8Array;
    let since: Float64Array;
    let cfg: QueueSettings[] = [];
    let matchers: ReplyMatcher[] = [];
    let maxAge = 0;
    /** Backoff entries, and the reply classes that triggered them. */
    const stats = { backoffEntries: 0, byClass: {} as Record<string, number> };
    const configure = (path: number, b: boolean) => {
      const c = cfg[path]!;
      mta.setPathConnections(path, b ? c.backoff_max_smtp_out : c.max_smtp_out);
      mta.setPathRate(path, b ? c.backoff_max_msg_rate : c.max_msg_rate);
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
        const byPatterns = new Map<string, ReplyMatcher>();
        cfg = Array.from({ length: m.pathCount }, (_, path) =>
          settingsFor(p, m.sites[m.pathSite(path)]!.domains, m.ips[m.pathIp(path)]!.address),
        );
        matchers = cfg.map((c) => {
          const key = JSON.stringify(c.patterns);
          if (!byPatterns.has(key)) byPatterns.set(key, ReplyMatcher.of(c.patterns));
          return byPatterns.get(key)!;
        });
        for (let path = 0; path < m.pathCount; path++) {
          configure(path, false);
          const per = cfg[path]!.max_msg_per_connection;
          m.setPathPerConnection(path, per === 0 ? 1_000_000 : per);
        }
        maxAge = cfg.length === 0 ? p.bounce_after : Math.max(...cfg.map((c) => c.bounce_after));
        m.setMaxAge(maxAge);
        if (p.max_cold_virtual_mta_msg !== undefined) {
          m.ips.forEach((ip, i) => {
            if (!p.cold_ips.includes(ip.address)) return;
            m.setIpWeight(i, 1000); // the cold VMTA is chosen first ...
            m.setIpDailyCap(i, p.max_cold_virtual_mta_msg!); // ... for the first N a day
          });
        }
      },
      onReply(path: number, reply: Reply, now: number) {
        const c = cfg[path]!;
        if (backoff[path] === 1 && reply.code >= 200 && reply.code < 300 && c.backoff_to_normal_after_delivery) return toNormal(path);
        if (backoff[path] === 0 && reply.code >= 400 && matchers[path]!.test(reply)) {
          backoff[path] = 1;
          since[path] = now;
          stats.backoffEntries++;
          stats.byClass[reply.cls] = (stats.byClass[reply.cls] ?? 0) + 1;
          configure(path, true);
          if (c.backoff_to_normal_after !== 'never') {
            const at = now + c.backoff_to_normal_after;
            mta.at(at, () => {
              if (backoff[path] === 1 && since[path] === now) toNormal(path);
            });
          }
        }
      },
      retryAt(msg: MessageView, _r: Reply, now: number) {
        const path = mta.path(msg.ip, msg.site);
        const c = cfg[path]!;
        const at = now + pick(backoff[path] === 1 ? c.backoff_retry_after : c.retry_after, msg.attempts);
        // a domain's shorter bounce-after (the MTA's maximum age is the longest of them)
        return c.bounce_after < maxAge && at - msg.injectedAt > c.bounce_after ? GIVE_UP : at;
      },
    };
    return policy;
  },
});
