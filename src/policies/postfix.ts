/**
 * postfix: Postfix's queue manager and SMTP client defaults (vdukhovni/postfix: mail_params.h,
 * postconf.proto, SCHEDULER_README, qmgr_active.c, smtp_trouble.c).
 * - Transports key on the recipient domain, not the MX (`grouping: domain`), so 383 small domains
 *   hosted on Outlook each get their own concurrency (postfix-users msg87906).
 * - Retry: delay = clamp(now - created, minimal_backoff_time 300 s, maximal_backoff_time 4000 s),
 *   picked up only at the next deferred-queue scan (queue_run_delay 300 s), lifetime 5 d.
 * - Concurrency per destination with slow start: initial_destination_concurrency 5, doubling
 *   per good pseudo-cohort (positive feedback "1") up to the limit 20; the queue manager opens as
 *   many deliveries as the concurrency allows at once (not a queue-depth ramp). A session that got
 *   past EHLO counts as good even when MAIL FROM got a 4xx: a 451 4.7.650 is a per-message
 *   deferral (smtp_mesg_fail) that never lowers concurrency (measured with real Postfix 3.7.11:
 *   12, 10, 12 connections per burst, from 5). Only connection or handshake failures (a 421 at the
 *   greeting) are negative feedback (halving it; at 1 a further failure marks the destination dead
 *   for minimal_backoff_time). The SMTP client tries the next MX address in the same delivery
 *   attempt (smtp_mx_session_limit 2), so every deferred delivery costs two sessions where the
 *   destination has two MX addresses (`smtp_mx_session_limit: 1` for one).
 * - `rate_delay` > 0 forces one delivery at a time with that spacing (default_destination_rate_delay).
 */
import { z } from 'zod';
import { definePolicy } from './definition.ts';
import { nextAttemptAt, type RetrySchedule } from './support/retry.ts';
import { duration } from '../spec/units-schema.ts';
import type { MtaControl } from '../contracts/policy.ts';

export default definePolicy({
  name: 'postfix',
  summary:
    'Postfix defaults: per-domain transports, 300-4000 s age-clamped backoff on 300 s scans, slow-start concurrency that 4.7.650 never lowers, 2 MX sessions per attempt',
  source: 'Postfix postconf(5): queue_run_delay, minimal/maximal_backoff_time, destination concurrency feedback, smtp_mx_session_limit',
  params: z.strictObject({
    minimal_backoff_time: duration().default(300),
    maximal_backoff_time: duration().default(4000),
    queue_run_delay: duration().default(300),
    maximal_queue_lifetime: duration().default(5 * 86400),
    destination_concurrency_limit: z.number().int().min(1).default(20),
    initial_destination_concurrency: z.number().int().min(1).default(5),
    rate_delay: duration().default(0),
    smtp_mx_session_limit: z.number().int().min(1).default(2),
    grouping: z.enum(['domain', 'mx']).default('domain'),
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
    let conc: Float64Array;
    let good: Float64Array;
    const setConc = (path: number, c: number) => {
      conc[path] = c;
      mta.setPathConnections(path, p.rate_delay > 0 ? 1 : c);
    };
    return {
      name: 'postfix',
      grouping: p.grouping,
      connectionRamp: 'immediate',
      setup(m) {
        mta = m;
        conc = new Float64Array(m.pathCount);
        good = new Float64Array(m.pathCount);
        for (let path = 0; path < m.pathCount; path++) {
          setConc(path, p.initial_destination_concurrency);
          if (p.rate_delay > 0) m.setPathRate(path, { limit: 1, period: p.rate_delay, maxBurst: 1 });
        }
        m.setMaxAge(p.maximal_queue_lifetime);
      },
      onReply(path, reply, now) {
        // a session that got past EHLO is positive feedback, whatever MAIL FROM answered (a 4.7.650
        // deferral included: smtp_mesg_fail); only a connection or greeting failure (421) is negative
        if (reply.code !== 421) {
          // a good pseudo-cohort (as many good sessions as the concurrency) doubles it
          if (++good[path]! >= conc[path]!) {
            good[path] = 0;
            setConc(path, Math.min(p.destination_concurrency_limit, conc[path]! * 2));
          }
          return;
        }
        // only a failed connection or handshake (421 at greeting) counts; 4.7.650/652 at MAIL FROM do not
        if (reply.code === 421) {
          good[path] = 0;
          if (conc[path]! <= 1)
            mta.suspendPath(path, now + p.minimal_backoff_time); // dead destination
          else setConc(path, Math.max(1, Math.floor(conc[path]! / 2)));
        }
      },
      retryAt(msg, _reply, now) {
        // a MAIL FROM / RCPT 4xx: try the next MX address within the same delivery (session 2 of 2)
        if (msg.attempts % p.smtp_mx_session_limit !== 0) return now + 1;
        return nextAttemptAt(schedule, { ...msg, now, u: 0.5 });
      },
    };
  },
});
