/**
 * fixed-schedule: ESP warm-up programs as data (docs/mta-behaviours.md 5).
 * - `sendgrid`: an hourly cap per IP by warm-up day, 20/h on day 0 growing ~x1.4/day
 *   (sendgrid/docs "warming-up-an-ip-address"); days are *sending* days (StrongGrid #290);
 *   traffic over the cap overflows to the other IPs of the pool ("any other existing warm IPs").
 * - `sparkpost`: a daily volume per IP by stage, 200 on stage 1 to 10,000,000 on stage 29
 *   (SparkPost support-docs ip-warm-up-overview); the IP advances a stage the next day only if it
 *   delivered more than 90 % of the stage's traffic (automated-ip-warmup); excess overflows.
 * - `ses`: Amazon SES standard auto warm-up: the IP's share of the pool's traffic grows linearly
 *   to 100 % over 45 days, whatever the volume (dedicated-ip-warming.md).
 * - `custom`: your own table, per hour or per day.
 * The cold IPs are `ips` (default: every IP of the pool of the first bulk stream); IPs of the pool
 * not listed take the overflow. With no IP to overflow to, mail over the caps waits in the queue
 * (and expires after `max_age`), which is where an MTA differs from an ESP's overflow.
 * Deferred mail: ESPs retry 4xx for 72 h (SendGrid, SparkPost); here every 30 min.
 */
import { z } from 'zod';
import { definePolicy } from './definition.ts';
import type { MtaControl } from '../contracts/policy.ts';
import { duration } from '../spec/units-schema.ts';

/** SendGrid automated warm-up, messages/hour by warm-up day 0..41. */
export const SENDGRID_HOURLY = [
  20, 28, 39, 55, 77, 108, 151, 211, 295, 413, 579, 810, 1000, 1587, 2222, 3111, 4356, 6098, 8583, 11953, 16734, 23427, 32798, 45917, 64284, 89998,
  125997, 176395, 246953, 345735, 484029, 677640, 948696, 1328175, 1859444, 2603222, 3644511, 5102316, 7143242, 10000539, 14000754, 19601056,
];
/** SparkPost warm-up plan, messages/day by stage 1..29. */
export const SPARKPOST_DAILY = [
  200, 500, 1000, 2000, 5000, 10000, 20000, 40000, 50000, 75000, 100000, 150000, 200000, 250000, 325000, 400000, 500000, 600000, 750000, 1000000,
  1250000, 1750000, 2000000, 3000000, 4250000, 5000000, 6000000, 7500000, 10000000,
];

export default definePolicy({
  name: 'fixed-schedule',
  summary: 'ESP warm-up tables: SendGrid hourly caps by sending day, SparkPost daily stages (advance after >90 % delivered), Amazon SES 45-day ramp, or a custom table; excess overflows',
  source: 'SendGrid, SparkPost (Bird) and Amazon SES warm-up documentation',
  params: z.strictObject({
    schedule: z.enum(['sendgrid', 'sparkpost', 'ses', 'custom']).default('sendgrid'),
    table: z.array(z.number().positive()).optional(),
    unit: z.enum(['hour', 'day']).default('day'),
    ips: z.array(z.string()).optional(),
    ses_days: z.number().int().positive().default(45),
    advance_delivered_share: z.number().min(0).max(1).default(0.9),
    connections: z.number().int().min(1).default(5),
    retry_after: duration().default(1800),
    max_age: duration().default(3 * 86400),
  }).refine((p) => p.schedule !== 'custom' || p.table !== undefined, { message: 'schedule "custom" needs a table', path: ['table'] }),
  create(p) {
    let mta: MtaControl;
    let cold: number[] = [];
    const stage = new Map<number, number>(); // SparkPost stage index, or SendGrid sending day
    const sent = new Map<number, number>(); // attempts and deliveries today (SparkPost)
    const delivered = new Map<number, number>();
    let hasWarm = false;
    const capOf = (ip: number): number => {
      const i = stage.get(ip) ?? 0;
      if (p.schedule === 'sendgrid') return SENDGRID_HOURLY[Math.min(i, SENDGRID_HOURLY.length - 1)]!;
      if (p.schedule === 'sparkpost') return SPARKPOST_DAILY[Math.min(i, SPARKPOST_DAILY.length - 1)]!;
      const t = p.table ?? [];
      return t[Math.min(i, t.length - 1)] ?? Infinity;
    };
    const applyDay = (day: number) => {
      for (const ip of cold) {
        if (p.schedule === 'ses') {
          const share = Math.min(1, (day + 1) / p.ses_days);
          mta.setIpWeight(ip, hasWarm ? share * 100 : 100);
          continue;
        }
        const perHour = p.schedule === 'sendgrid' || (p.schedule === 'custom' && p.unit === 'hour');
        if (perHour) mta.setIpSelectionRate(ip, { limit: capOf(ip), period: 3600, maxBurst: Math.max(1, Math.ceil(capOf(ip) / 4)) });
        else mta.setIpDailyCap(ip, capOf(ip));
      }
      if (p.schedule === 'ses' && hasWarm) mta.ips.forEach((_, ip) => !cold.includes(ip) && mta.setIpWeight(ip, (1 - Math.min(1, (day + 1) / p.ses_days)) * 100));
    };
    let day = 0;
    return {
      name: 'fixed-schedule',
      setup(m) {
        mta = m;
        const pool = m.streams.find((s) => s.kind === 'bulk')?.pool ?? m.ips[0]?.pool;
        cold = m.ips.flatMap((ip, i) => ((p.ips === undefined ? ip.pool === pool : p.ips.includes(ip.address)) ? [i] : []));
        hasWarm = m.ips.some((ip, i) => ip.pool === pool && !cold.includes(i));
        for (let path = 0; path < m.pathCount; path++) m.setPathConnections(path, p.connections);
        m.setMaxAge(p.max_age);
        applyDay(0);
      },
      onReply(path, reply) {
        const ip = mta.pathIp(path);
        sent.set(ip, (sent.get(ip) ?? 0) + 1);
        if (reply.code >= 200 && reply.code < 300) delivered.set(ip, (delivered.get(ip) ?? 0) + 1);
      },
      retryAt: (_m, _r, now) => now + p.retry_after,
      onHour(hour) {
        if (hour % 24 !== 0) return;
        day = hour / 24;
        for (const ip of cold) {
          const s = sent.get(ip) ?? 0, d = delivered.get(ip) ?? 0;
          if (p.schedule === 'sparkpost') {
            if (s > 0 && d / s > p.advance_delivered_share) stage.set(ip, (stage.get(ip) ?? 0) + 1);
          } else if (s > 0) stage.set(ip, (stage.get(ip) ?? 0) + 1); // sending days
          sent.set(ip, 0);
          delivered.set(ip, 0);
        }
        applyDay(day);
      },
    };
  },
});
