/**
 * postfix: Postfix's queue manager and SMTP client defaults (vdukhovni/postfix: mail_params.h,
 * postconf.proto, SCHEDULER_README, qmgr_active.c, smtp_trouble.c).
 * - Transports key on the recipient domain, not the MX (`grouping: domain`), so 383 small domains
 *   hosted on Outlook each get their own concurrency (postfix-users msg87906).
 * - Retry: delay = clamp(now - created, minimal_backoff_time 300 s, maximal_backoff_time 4000 s),
 *   picked up only at the next deferred-queue scan (queue_run_delay 300 s), lifetime 5 d.
 * - Concurrency per destination with slow start: initial_destination_concurrency 5, plus 1 per
 *   delivery that ends without a connection or handshake failure (positive feedback "1",
 *   postconf(5)), up to the limit 20; the queue manager opens as many deliveries as the window
 *   allows at once (not a queue-depth ramp). A session that got past EHLO counts as good even when
 *   MAIL FROM got a 4xx: a 451 4.7.650 is a per-message deferral (smtp_mesg_fail) that never
 *   lowers concurrency. A destination's in-memory queue, its window with it, is disposed of once
 *   nothing for it is left in the active queue (qmgr_queue_done), so each deferred-queue scan
 *   starts it again at the initial window; the policy cannot see the active queue and takes a
 *   destination with no reply for half a queue_run_delay to have emptied it. Measured with real
 *   Postfix 3.7.11 (test/fixtures/postfix-trace.json): 11-12 connections for each scan's 20
 *   retries, 10 for 15, 5 for 5, never more; the simulation gives 15 for 20 (its feedback comes
 *   with the reply, a little before the session ends). Only connection or handshake failures (a
 *   421 at the greeting) are negative feedback (halving the window; at 1 a further failure marks
 *   the destination dead for minimal_backoff_time). The SMTP client tries the next MX address in
 *   the same delivery attempt (smtp_mx_session_limit 2), so every deferred delivery costs two
 *   sessions where the destination has two MX addresses (`smtp_mx_session_limit: 1` for one).
 * - `rate_delay` > 0 forces one delivery at a time with that spacing (default_destination_rate_delay).
 * - `destination_recipient_limit` 1 makes the destination the recipient, not the domain
 *   (postconf.proto, default_destination_rate_delay / _concurrency_limit): the per-destination limits
 *   no longer bind a domain; concurrency is then the process limit (default_process_limit 100).
 * - `transports`: per-IP transports of master.cf (`-o smtp_bind_address=IP`) and domain transports
 *   (transport_maps), each with its own `<transport>_destination_*` limits for the paths of that IP
 *   or those domains (domain transports win). A routed transport with a next hop makes its domains
 *   one destination (qmgr queues by transport and next hop) when it carries all of the provider's
 *   domains on that IP (otherwise a window each, approximately): its window and limits are then shared
 *   by them, per IP (MtaControl.setProviderConnections). Each simulated message has one recipient, so the recipient limit changes nothing else.
 */
import { z } from 'zod';
import { definePolicy } from '../definition.ts';
import { nextAttemptAt, type RetrySchedule } from '../support/retry.ts';
import { duration } from '../../spec/units-schema.ts';
import type { MtaControl } from '../../contracts/policy.ts';

/** The destination limits a transport may set (main.cf `<transport>_destination_*`). */
const limits = {
  destination_concurrency_limit: z.number().int().min(1),
  initial_destination_concurrency: z.number().int().min(1),
  rate_delay: duration(),
  destination_recipient_limit: z.number().int().min(0),
};
type Limits = { [K in keyof typeof limits]: z.output<(typeof limits)[K]> };

const transport = z.strictObject({
  name: z.string().min(1),
  bind_address: z.string().optional(),
  domains: z.array(z.string()).optional(),
  /** transport_maps' next hop (`slow:outlook.com`): every domain routed to it is one destination. */
  nexthop: z.string().optional(),
  destination_concurrency_limit: limits.destination_concurrency_limit.optional(),
  initial_destination_concurrency: limits.initial_destination_concurrency.optional(),
  rate_delay: limits.rate_delay.optional(),
  destination_recipient_limit: limits.destination_recipient_limit.optional(),
});

/** default_process_limit: the most deliveries at once when the destination is the recipient. */
const PROCESS_LIMIT = 100;

export default definePolicy({
  name: 'postfix',
  summary:
    'Postfix defaults: per-domain transports, 300-4000 s age-clamped backoff on 300 s scans, slow-start concurrency that 4.7.650 never lowers, 2 MX sessions per attempt',
  source:
    'Postfix postconf(5): queue_run_delay, minimal/maximal_backoff_time, destination concurrency feedback, rate delay, recipient limit, smtp_mx_session_limit, master.cf transports',
  params: z.strictObject({
    minimal_backoff_time: duration().default(300),
    maximal_backoff_time: duration().default(4000),
    queue_run_delay: duration().default(300),
    maximal_queue_lifetime: duration().default(5 * 86400),
    destination_concurrency_limit: limits.destination_concurrency_limit.default(20),
    initial_destination_concurrency: limits.initial_destination_concurrency.default(5),
    rate_delay: limits.rate_delay.default(0),
    destination_recipient_limit: limits.destination_recipient_limit.default(50),
    smtp_mx_session_limit: z.number().int().min(1).default(2),
    grouping: z.enum(['domain', 'mx']).default('domain'),
    /** default_transport: the transport of IPs no other transport binds. */
    default_transport: z.string().default('smtp'),
    transports: z.array(transport).default([]),
  }),
  create(p) {
    const schedule: RetrySchedule = {
      kind: 'postfix',
      minBackoff: p.minimal_backoff_time,
      maxBackoff: p.maximal_backoff_time,
      queueRunDelay: p.queue_run_delay,
      maxAge: p.maximal_queue_lifetime,
    };
    let mta: MtaControl;
    let lim: Limits[] = [];
    /** Per path: whether a next-hop transport makes it part of one destination with its provider's other sites. */
    let shared: boolean[] = [];
    /**
     * Destinations (qmgr's per-destination queues): a path, or for a next-hop transport the IP's
     * whole provider (index pathCount + ip * providers + provider). Per destination: its
     * concurrency window, its limits, the time of its last reply and whether an idle check is due.
     */
    let destOf: Int32Array;
    let destPaths: number[][] = [];
    let conc: Float64Array;
    let destLim: Limits[] = [];
    let lastReply: Float64Array;
    let armed: Uint8Array;
    let idleChecks: (() => void)[] = [];
    /** Window c of destination d, as connections (1 under a rate delay: one delivery at a time). */
    const setConc = (d: number, c: number) => {
      conc[d] = c;
      const n = destLim[d]!.rate_delay > 0 ? 1 : c;
      if (d < mta.pathCount) return mta.setPathConnections(d, n);
      const k = d - mta.pathCount;
      mta.setProviderConnections(Math.floor(k / mta.providers.length), k % mta.providers.length, n);
    };
    /** qmgr_queue_done: an idle destination's queue is disposed of, and a new one starts at the initial window. */
    const idleCheck = (d: number) => {
      const quiet = mta.now - lastReply[d]!;
      if (quiet < idle) return mta.at(lastReply[d]! + idle, idleChecks[d]!);
      armed[d] = 0;
      const initial = destLim[d]!.initial_destination_concurrency;
      if (conc[d]! !== initial) setConc(d, initial); // a new queue: the initial window, after growth or after halvings
    };
    const idle = p.queue_run_delay / 2;
    /** The limits of a path: the defaults, then the transport bound to its IP (else default_transport's), then a transport routed for its domains. */
    const limitsFor = (ip: string, domains: readonly string[]): Limits & { shared: boolean } => {
      const pick = (t: z.output<typeof transport>) =>
        Object.fromEntries(Object.entries(t).filter(([k, v]) => k in limits && v !== undefined));
      let bound = p.transports.filter((t) => t.bind_address === ip && t.domains === undefined);
      if (bound.length === 0)
        bound = p.transports.filter((t) => t.name === p.default_transport && t.domains === undefined && t.bind_address === undefined);
      const routed = p.transports.filter((t) => t.domains?.some((d) => domains.includes(d)) && (t.bind_address ?? ip) === ip);
      const l: Limits & { shared: boolean } = {
        shared: routed.some((t) => t.nexthop !== undefined),
        destination_concurrency_limit: p.destination_concurrency_limit,
        initial_destination_concurrency: p.initial_destination_concurrency,
        rate_delay: p.rate_delay,
        destination_recipient_limit: p.destination_recipient_limit,
      };
      for (const t of [...bound, ...routed]) Object.assign(l, pick(t));
      if (l.destination_recipient_limit === 1) {
        l.destination_concurrency_limit = PROCESS_LIMIT;
        l.initial_destination_concurrency = PROCESS_LIMIT;
        l.rate_delay = 0;
      }
      return l;
    };
    return {
      name: 'postfix',
      grouping: p.grouping,
      connectionRamp: 'immediate',
      setup(m) {
        mta = m;
        lim = Array.from({ length: m.pathCount }, (_, path) =>
          limitsFor(m.ips[m.pathIp(path)]!.address, m.sites[m.pathSite(path)]!.domains),
        );
        shared = lim.map((l) => (l as Limits & { shared: boolean }).shared);
        // one window across a provider's sites is a per-(IP, provider) connection limit here, so a
        // next hop is one destination only when it carries all of the provider's sites on that IP;
        // otherwise its routed domains keep a window each (an approximation: the limit would cap
        // the provider's other domains too)
        for (let path = 0; path < m.pathCount; path++)
          if (shared[path])
            for (let q = 0; q < m.pathCount; q++)
              if (m.pathIp(q) === m.pathIp(path) && m.pathProvider(q) === m.pathProvider(path) && !shared[q]) shared[path] = false;
        const nDest = m.pathCount + m.ips.length * m.providers.length;
        destOf = new Int32Array(m.pathCount);
        destPaths = Array.from({ length: nDest }, () => []);
        conc = new Float64Array(nDest);
        destLim = new Array<Limits>(nDest);
        lastReply = new Float64Array(nDest);
        armed = new Uint8Array(nDest);
        idleChecks = Array.from({ length: nDest }, (_, d) => () => idleCheck(d));
        for (let path = 0; path < m.pathCount; path++) {
          const l = lim[path]!;
          const d = shared[path] ? m.pathCount + m.pathIp(path) * m.providers.length + m.pathProvider(path) : path;
          destOf[path] = d;
          destPaths[d]!.push(path);
          if (shared[path]) {
            // one destination for the provider's sites on this IP: each path may use the whole window
            m.setPathConnections(path, l.rate_delay > 0 ? 1 : l.destination_concurrency_limit);
            if (destLim[d] !== undefined) continue;
            if (l.rate_delay > 0) m.setProviderRate(m.pathIp(path), m.pathProvider(path), { limit: 1, period: l.rate_delay, maxBurst: 1 });
          } else if (l.rate_delay > 0) m.setPathRate(path, { limit: 1, period: l.rate_delay, maxBurst: 1 });
          destLim[d] = l;
          setConc(d, l.initial_destination_concurrency);
        }
        m.setMaxAge(p.maximal_queue_lifetime);
      },
      onReply(path, reply, now) {
        const d = destOf[path]!;
        lastReply[d] = now;
        if (armed[d] === 0) {
          armed[d] = 1;
          mta.at(now + idle, idleChecks[d]!);
        }
        // a session that got past EHLO is positive feedback, whatever MAIL FROM answered (a 4.7.650
        // deferral included: smtp_mesg_fail): one more concurrent delivery, up to the limit
        if (reply.code !== 421) {
          if (conc[d]! < destLim[d]!.destination_concurrency_limit) setConc(d, conc[d]! + 1);
          return;
        }
        // only a failed connection or handshake (421 at the greeting) is negative feedback
        if (conc[d]! <= 1)
          for (const q of destPaths[d]!) mta.suspendPath(q, now + p.minimal_backoff_time); // a dead destination: all its paths
        else setConc(d, Math.max(1, Math.floor(conc[d]! / 2)));
      },
      retryAt(msg, _reply, now) {
        // a MAIL FROM / RCPT 4xx: try the next MX address within the same delivery (session 2 of 2)
        if (msg.attempts % p.smtp_mx_session_limit !== 0) return now + 1;
        return nextAttemptAt(schedule, { ...msg, now, u: 0.5 });
      },
    };
  },
});
