/**
 * ramp: a parametric warm-up ramp, the policy `warmup-sim plan` searches (issue 22). Its knobs are
 * the questions a sender asks: how many IPs, what hourly rate per IP per provider on day 0, how
 * fast it grows, when growth is allowed, how deferred mail is retried, and who gets the mail.
 * - `ips`: the first N IPs of the bulk pool carry mail; the rest of that pool take none (pool
 *   weight 0, as KumoMTA's `source_selection_rate` of 0 or an empty egress-pool entry would).
 * - An hourly cap per IP per provider, paced evenly (`max_burst` 1; the seed article: "Microsoft
 *   throttling reacts to bursts"), starting at `initial_per_hour` (or `per_provider.<name>`),
 *   multiplied by `growth` at each UTC midnight when the IP has had no deferral from that provider
 *   for `clean_hours` (the seed article: "raise volume only after Microsoft stops pushing back")
 *   and sent to it that day; held otherwise, and cut to 0.75x after a day in the Throttle band
 *   (5 %+ deferred) or a block (the article's bands). Bulk volume per provider per day is capped
 *   at what the caps allow over 24 hours (the rest held back, not queued), so the schedule is a
 *   table a user can configure: {@link nominalCap} gives it (plan.csv).
 * - A reply matching `backoff_on` (default 451 4.7.650) pauses the IP at that provider for
 *   `retry_minutes` (the seed playbook's pause); deferred messages come back after
 *   `retry_minutes`, doubling per attempt up to `max_retry_minutes` (ESP practice), or at the
 *   provider's own advised time (Yahoo TSS04: 4 h; support/provider-advice.ts), whose pauses and
 *   pacing also apply (Gmail 4.7.28: 10 min).
 * - Audience rule: until day `engaged_until_day`, bulk mail goes only to recipients engaged within
 *   `engaged_within_days` (the article: "send only to recipients with recent positive engagement").
 * - Connections: `connections` per IP to Outlook.com and to Microsoft 365 (the article's
 *   `max_connections_per_ip`), `other_connections` elsewhere.
 */
import { z } from 'zod';
import { definePolicy } from './definition.ts';
import type { MtaControl, Policy } from '../contracts/policy.ts';
import { ReplyMatcher } from './support/reply-match.ts';
import { IpHours } from './support/ip-hours.ts';
import { ProviderAdvice } from './support/provider-advice.ts';
import { duration } from '../spec/units-schema.ts';

const params = z.strictObject({
  ips: z.number().int().min(1).optional().describe('IPs of the bulk pool that carry mail (the first N; default all)'),
  initial_per_hour: z.number().positive().default(20).describe('hourly cap per IP per provider on day 0'),
  per_provider: z.record(z.string(), z.number().positive()).default({}).describe('day-0 hourly cap per IP for named providers'),
  growth: z.number().gt(1).default(1.25).describe('cap multiplier at each midnight after a clean day'),
  clean_hours: z.number().positive().default(24).describe('hours without a deferral from the provider before the cap grows'),
  max_per_hour: z.number().positive().default(20_000).describe('the cap stops growing here'),
  retry_minutes: z.number().positive().default(30).describe('pause on backoff_on, and the first retry interval (doubling)'),
  max_retry_minutes: z.number().positive().default(240).describe('longest retry interval'),
  engaged_until_day: z.number().int().min(0).default(0).describe('bulk mail only to recently engaged recipients before this day'),
  engaged_within_days: z.number().positive().default(30).describe('"recently engaged": within this many days'),
  backoff_on: z.array(z.string()).default(['451 4.7.650']).describe('replies that pause the IP at that provider (substring or /regex/)'),
  connections: z.number().int().min(1).default(2).describe('connections per IP to Outlook.com and to Microsoft 365'),
  other_connections: z.number().int().min(1).default(10).describe('connections per path to other providers'),
  max_age: duration().default(5 * 86400),
});

export type RampParams = z.output<typeof params>;

const THROTTLE_BAND = 0.05;
const CUT = 0.75;

/**
 * The cap (messages/hour) of one IP at one provider on day `day` when every day before was clean
 * and carried mail: the plan's table. The gate needs `clean_hours` without a deferral, and the run
 * starts with none behind it, so the first midnight that can grow the cap is day
 * c = max(1, ceil(clean_hours / 24)): cap(d) = min(max, start * growth^max(0, d - c + 1)), in whole
 * messages (48 clean hours: the first growth is at the start of day 2, as the policy does).
 */
export function nominalCap(
  p: Pick<RampParams, 'initial_per_hour' | 'per_provider' | 'growth' | 'max_per_hour' | 'clean_hours'>,
  provider: string,
  day: number,
): number {
  const start = p.per_provider[provider] ?? p.initial_per_hour;
  const firstGrowth = Math.max(1, Math.ceil(p.clean_hours / 24));
  return whole(Math.min(p.max_per_hour, start * p.growth ** Math.max(0, day - firstGrowth + 1)));
}

/** Caps are configured in whole messages per hour (KumoMTA "N/h", PowerMTA max-msg-rate N/h). */
const whole = (cap: number) => Math.max(1, Math.round(cap));

/** The IPs (indices) of the bulk pool the ramp sends on: the first `ips` of the pool of the first bulk stream. */
function rampIps(mta: Pick<MtaControl, 'ips' | 'streams'>, n: number | undefined): number[] {
  const pool = mta.streams.find((s) => s.kind === 'bulk')?.pool ?? mta.ips[0]?.pool;
  const all = mta.ips.flatMap((ip, i) => (ip.pool === pool ? [i] : []));
  return n === undefined ? all : all.slice(0, n);
}

export default definePolicy({
  name: 'ramp',
  summary:
    'a parametric warm-up ramp (what `plan` searches): N IPs, hourly cap per IP per provider growing by a factor per clean day, pause on 4.7.650, retry interval, engaged-only until day N',
  source: 'seed article (Suped, Microsoft 451 4.7.650 during IP warm-up): caps, clean-hours gate, pause, engaged-only; ESP retry practice',
  params,
  create(p): Policy {
    const backoff = ReplyMatcher.of(p.backoff_on);
    let mta: MtaControl;
    let hours: IpHours;
    let advice: ProviderAdvice;
    let nP = 0;
    let active: boolean[] = [];
    let cap = new Float64Array(0); // per (ip, provider): messages/hour
    let lastDeferral = new Float64Array(0);
    let dayAttempts = new Float64Array(0);
    let dayDeferred = new Float64Array(0);
    let dayBlocked = new Float64Array(0);
    let sitesOf: number[][] = [];
    let bulkOnPool = new Map<string, number>();
    let day = 0;
    const apply = (ip: number, provider: number) =>
      mta.setProviderRate(ip, provider, { limit: whole(cap[ip * nP + provider]!), period: 3600, maxBurst: 1 });
    return {
      name: 'ramp',
      setup(m) {
        mta = m;
        nP = m.providers.length;
        hours = new IpHours(m.ips.length, nP);
        const chosen = new Set(rampIps(m, p.ips));
        const pool = m.ips[[...chosen][0] ?? 0]?.pool;
        active = m.ips.map((_, i) => chosen.has(i));
        cap = new Float64Array(m.ips.length * nP);
        lastDeferral = new Float64Array(m.ips.length * nP);
        dayAttempts = new Float64Array(m.ips.length * nP);
        dayDeferred = new Float64Array(m.ips.length * nP);
        dayBlocked = new Float64Array(m.ips.length * nP);
        sitesOf = m.providers.map((name) => m.sites.flatMap((s, i) => (s.provider === name ? [i] : [])));
        bulkOnPool = new Map();
        for (const s of m.streams) if (s.kind === 'bulk') bulkOnPool.set(s.pool, (bulkOnPool.get(s.pool) ?? 0) + 1);
        const microsoftFamily = (provider: string) => provider === 'microsoft' || provider === 'm365';
        for (let ip = 0; ip < m.ips.length; ip++) {
          if (m.ips[ip]!.pool === pool && !active[ip]) m.setIpWeight(ip, 0);
          if (!active[ip]) continue;
          for (let q = 0; q < nP; q++) {
            cap[ip * nP + q] = nominalCap(p, m.providers[q]!, 0);
            apply(ip, q);
            if (microsoftFamily(m.providers[q]!)) m.setProviderConnections(ip, q, p.connections);
          }
        }
        const connectionsOf = (path: number) =>
          active[m.pathIp(path)] && microsoftFamily(m.providers[m.pathProvider(path)]!) ? p.connections : p.other_connections;
        for (let path = 0; path < m.pathCount; path++) m.setPathConnections(path, connectionsOf(path));
        m.setMaxAge(p.max_age);
        advice = new ProviderAdvice(m, connectionsOf, p.retry_minutes * 60);
      },
      onReply(path, reply, now) {
        const ip = mta.pathIp(path),
          provider = mta.pathProvider(path);
        hours.record(ip, provider, reply);
        if (advice.covers(provider)) advice.onReply(path, reply, now);
        if (!reply.temporary && reply.cls !== 'block') return;
        const k = ip * nP + provider;
        if (reply.cls === 'block') dayBlocked[k]!++;
        if (!reply.temporary) return;
        lastDeferral[k] = now;
        if (!active[ip] || advice.covers(provider) || !backoff.test(reply)) return;
        const until = now + p.retry_minutes * 60;
        for (const site of sitesOf[provider]!) mta.suspendPath(mta.path(ip, site), until);
      },
      retryAt(msg, reply, now) {
        const advised = advice.retryAt(msg.provider, reply, now);
        if (advised >= 0) return advised;
        return now + Math.min(p.max_retry_minutes, p.retry_minutes * 2 ** Math.max(0, msg.attempts - 1)) * 60;
      },
      onHour(hour, now) {
        advice.onHour();
        for (let ip = 0; ip < active.length; ip++)
          for (let q = 0; q < nP; q++) {
            dayAttempts[ip * nP + q]! += hours.attempts(ip, q);
            dayDeferred[ip * nP + q]! += hours.deferred(ip, q);
          }
        hours.roll();
        if (hour % 24 !== 0) return; // `hour` is the hour starting now: UTC midnight
        day = hour / 24;
        for (let ip = 0; ip < active.length; ip++) {
          if (!active[ip]) continue;
          for (let q = 0; q < nP; q++) {
            const k = ip * nP + q;
            const a = dayAttempts[k]!;
            const bad = dayBlocked[k]! > 0 || (a > 0 && dayDeferred[k]! / a >= THROTTLE_BAND);
            const clean = a > 0 && now - lastDeferral[k]! >= p.clean_hours * 3600;
            if (bad) cap[k] = Math.max(nominalCap(p, mta.providers[q]!, 0) / 2, cap[k]! * CUT);
            else if (clean) cap[k] = Math.min(p.max_per_hour, cap[k]! * p.growth);
            dayAttempts[k] = dayDeferred[k] = dayBlocked[k] = 0;
            apply(ip, q);
          }
        }
      },
      dailyBudget(stream, provider, _day, planned) {
        const s = mta.streams[stream]!;
        if (s.kind !== 'bulk') return planned;
        let perDay = 0;
        for (let ip = 0; ip < active.length; ip++)
          if (active[ip] && mta.ips[ip]!.pool === s.pool) perDay += whole(cap[ip * nP + provider]!) * 24;
        return perDay / (bulkOnPool.get(s.pool) ?? 1);
      },
      admit(_stream, _provider, _segment, recencyDays) {
        return day >= p.engaged_until_day || recencyDays <= p.engaged_within_days;
      },
    };
  },
});
