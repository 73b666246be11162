/**
 * fixed-schedule: ESP warm-up programs as data (./support/esp-tables.ts for the tables).
 * - `sendgrid`: an hourly cap per cold IP by warm-up day, 20/h on day 0 growing ~x1.4 a day; days
 *   are *sending* days (StrongGrid #290); traffic over the cap overflows to the other IPs of the
 *   pool ("will overflow to any other existing warm IPs on your account").
 * - `sparkpost`: a daily volume per cold IP by stage, paced over the day as SparkPost spreads a
 *   stage; the IP advances a stage the next day only if it "successfully delivered more than 90 %
 *   of the traffic for that stage" (automated-ip-warmup): deliveries that day over the messages
 *   that made their first attempt on it that day, so a deferral later delivered counts as
 *   delivered; excess overflows.
 * - `ses`: Amazon SES standard auto warm-up: the cold IPs carry a share of the pool's traffic that
 *   grows linearly to 100 % over `ses_days`, whatever the volume, the rest going through the warm
 *   (shared or existing dedicated) IPs of the pool; with no warm IP in the pool the rest goes
 *   through SES's shared IPs, outside the scenario: it is withheld from the cold IPs.
 * - `custom`: your own table, per hour or per day.
 * The cold IPs are `ips` (default: every IP of the pool of the first bulk stream); IPs of the pool
 * not listed take the overflow.
 * Deferrals: the ESPs retry 4xx for 72 h (SendGrid, SparkPost) with growing intervals (here
 * `retry_after` doubling per attempt up to `max_retry`); an Outlook.com throttle (4.7.650) pauses
 * that cold IP's path for `pause_on_throttle` (0: never), so mail shifts to the other IPs
 * meanwhile, and other providers get their own published advice (Gmail 4.7.28 pause, Yahoo TSS04
 * pause and 4 h retry, 20 messages per Yahoo connection: ./support/provider-advice.ts)
 * ([model]: the ESPs document retries and overflow, not their exact intervals).
 */
import { z } from 'zod';
import { definePolicy } from './definition.ts';
import type { MtaControl } from '../contracts/policy.ts';
import { duration } from '../spec/units-schema.ts';
import { SENDGRID_HOURLY, SPARKPOST_DAILY, sesShare } from './support/esp-tables.ts';
import { ProviderAdvice } from './support/provider-advice.ts';

export { SENDGRID_HOURLY, SPARKPOST_DAILY };

export default definePolicy({
  name: 'fixed-schedule',
  summary:
    'ESP warm-up tables: SendGrid hourly caps by sending day, SparkPost paced daily stages (advance after >90 % delivered), Amazon SES 45-day share, or a custom table; excess overflows, throttles pause the IP briefly',
  source: 'SendGrid, SparkPost (Bird) and Amazon SES warm-up documentation',
  params: z
    .strictObject({
      schedule: z.enum(['sendgrid', 'sparkpost', 'ses', 'custom']).default('sendgrid'),
      table: z.array(z.number().positive()).optional(),
      unit: z.enum(['hour', 'day']).default('day'),
      ips: z.array(z.string()).optional(),
      ses_days: z.number().int().positive().default(45),
      advance_delivered_share: z.number().min(0).max(1).default(0.9),
      connections: z.number().int().min(1).default(5),
      retry_after: duration().default(900),
      max_retry: duration().default(4 * 3600),
      pause_on_throttle: duration().default(900),
      max_age: duration().default(3 * 86400),
    })
    .refine((p) => p.schedule !== 'custom' || p.table !== undefined, { message: 'schedule "custom" needs a table', path: ['table'] }),
  create(p) {
    let mta: MtaControl;
    let cold: number[] = [];
    let warm: number[] = [];
    const stage = new Map<number, number>(); // SparkPost stage index, or warm-up (sending) day
    const delivered = new Map<number, number>();
    const attempted = new Map<number, number>();
    let isCold: boolean[] = [];
    let day = 0;
    let advice: ProviderAdvice;
    let MS = -1;
    let plannedDay = -1;
    let plannedToday = 0;
    const capOf = (ip: number): number => {
      const i = stage.get(ip) ?? 0;
      if (p.schedule === 'sendgrid') return SENDGRID_HOURLY[Math.min(i, SENDGRID_HOURLY.length - 1)]!;
      if (p.schedule === 'sparkpost') return SPARKPOST_DAILY[Math.min(i, SPARKPOST_DAILY.length - 1)]!;
      const t = p.table ?? [];
      return t[Math.min(i, t.length - 1)] ?? Infinity;
    };
    const applyDay = () => {
      if (p.schedule === 'ses') {
        // the cold IPs together carry the share, the warm ones the rest (equal weights within each group)
        const share = sesShare(day, p.ses_days);
        for (const ip of cold) mta.setIpWeight(ip, warm.length > 0 ? (share / cold.length) * 100 : 100);
        for (const ip of warm) mta.setIpWeight(ip, ((1 - share) / warm.length) * 100);
        return;
      }
      for (const ip of cold) {
        const perHour = p.schedule === 'sendgrid' || (p.schedule === 'custom' && p.unit === 'hour');
        if (perHour) mta.setIpSelectionRate(ip, { limit: capOf(ip), period: 3600, maxBurst: Math.max(1, Math.ceil(capOf(ip) / 4)) });
        else mta.setIpDailyCap(ip, capOf(ip), true);
      }
    };
    return {
      name: 'fixed-schedule',
      setup(m) {
        mta = m;
        const pool = m.streams.find((s) => s.kind === 'bulk')?.pool ?? m.ips[0]?.pool;
        cold = m.ips.flatMap((ip, i) => ((p.ips === undefined ? ip.pool === pool : p.ips.includes(ip.address)) ? [i] : []));
        warm = m.ips.flatMap((ip, i) => (ip.pool === pool && !cold.includes(i) ? [i] : []));
        isCold = m.ips.map((_, i) => cold.includes(i));
        for (let path = 0; path < m.pathCount; path++) m.setPathConnections(path, p.connections);
        m.setMaxAge(p.max_age);
        MS = m.providers.indexOf('microsoft');
        advice = new ProviderAdvice(m, () => p.connections, p.pause_on_throttle);
        applyDay();
      },
      onReply(path, reply, now) {
        const ip = mta.pathIp(path);
        if (reply.code >= 200 && reply.code < 300) delivered.set(ip, (delivered.get(ip) ?? 0) + 1);
        attempted.set(ip, (attempted.get(ip) ?? 0) + 1);
        const provider = mta.pathProvider(path);
        // other providers: their own published advice (Gmail 4.7.28, Yahoo TSS04, 20 per connection)
        if (advice.covers(provider)) return advice.onReply(path, reply, now);
        // Outlook.com: a throttle pauses the cold IP's path briefly; its ready mail moves to the other IPs
        if (provider === MS && reply.temporary && reply.cls === 'throttle' && isCold[ip] && p.pause_on_throttle > 0)
          mta.suspendPath(path, now + p.pause_on_throttle);
      },
      retryAt(msg, reply, now) {
        const advised = advice.retryAt(msg.provider, reply, now);
        if (advised >= 0) return advised;
        return now + Math.min(p.max_retry, p.retry_after * 2 ** Math.max(0, msg.attempts - 1));
      },
      dailyBudget(stream, _provider, d, planned) {
        if (p.schedule !== 'ses' || mta.streams[stream]!.kind !== 'bulk') return planned;
        const share = sesShare(d, p.ses_days);
        // with no warm IP in the pool, the rest of the traffic goes through SES's shared IPs
        if (warm.length === 0) return Math.round(planned * share);
        // with warm IPs, the cold ones carry at most the share of the day's planned bulk traffic,
        // also when a burst fills the warm IPs' queues (SES routes each message; it does not pace)
        if (plannedDay !== d) {
          plannedDay = d;
          plannedToday = 0;
        }
        plannedToday += planned;
        for (const ip of cold) mta.setIpDailyCap(ip, Math.max(1, Math.round((share * plannedToday) / cold.length)));
        return planned;
      },
      onHour(hour) {
        advice.onHour();
        if (hour % 24 !== 0) return;
        const ended = hour / 24 - 1;
        day = hour / 24;
        for (const ip of cold) {
          const sent = attempted.get(ip) ?? 0,
            ok = delivered.get(ip) ?? 0;
          if (p.schedule === 'sparkpost') {
            const traffic = mta.firstAttemptsOn(ip, ended);
            if (traffic > 0 && ok / traffic > p.advance_delivered_share) stage.set(ip, (stage.get(ip) ?? 0) + 1);
          } else if (sent > 0) stage.set(ip, (stage.get(ip) ?? 0) + 1); // sending days
          attempted.set(ip, 0);
          delivered.set(ip, 0);
        }
        applyDay();
      },
    };
  },
});
