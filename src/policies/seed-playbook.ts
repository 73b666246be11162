/**
 * seed-playbook: the seed article's controlled warm-up loop for Microsoft 451 4.7.650 (Suped,
 * "How to resolve Microsoft 451 4.7.650 error during email IP warm-up", 2025/2026):
 * "throttle, observe, retry, then raise volume only after Microsoft stops pushing back".
 * - Microsoft traffic apart: an hourly cap per IP for Microsoft, starting at
 *   `initial_rate_per_ip_per_hour`, paced evenly ("Microsoft throttling reacts to bursts"), over
 *   at most `max_connections_per_ip` connections; other providers keep their own limits and
 *   their own published advice on rate limits (Gmail 4.7.28: pause 10 min, then one connection;
 *   Yahoo TSS04: pause, retry after 4 h; see support/provider-advice.ts).
 * - A reply matching `backoff_on` pauses that IP x Microsoft (an IP carrying only transactional
 *   mail once its hour reaches the Pause band) and the message is retried after
 *   `retry_after_minutes`, stretched (doubled per consecutive deferring hour, up to
 *   `max_retry_minutes`) while deferrals continue ("keep retry windows patient").
 * - Growth only after `increase_after_clean_hours` without deferrals, by `growth_factor`.
 * - Deferral-rate bands per IP each hour: Healthy 0-2 % continue, Watch 2-5 % hold, Throttle
 *   5-15 % reduce the hourly rate (x0.75), Pause 15 %+ stop growth, halve, and escalate (a delist
 *   request if Microsoft blocks the IP).
 * - In Throttle and Pause, bulk mail to Microsoft goes only to recipients engaged within
 *   `engaged_within_days` ("send only to recipients with recent positive engagement").
 * - Microsoft bulk volume per day is capped at what the IPs' caps allow (the rest of the plan is
 *   held back, not queued); transactional mail is never held back and goes first in every queue.
 *   Only IPs that carry bulk mail are warmed this way: an IP pool used only by transactional
 *   streams keeps its own limits ("separate transactional mail").
 * The article's YAML block is accepted verbatim as `microsoft:`; its `domains` name the Microsoft
 * stream (the sites serving them), so listing other domains moves the treatment to them.
 */
import { z } from 'zod';
import { definePolicy } from './definition.ts';
import type { MtaControl, Policy } from '../contracts/policy.ts';
import { bandOf, type Band } from '../metrics/bands.ts';
import { ReplyMatcher } from './support/reply-match.ts';
import { IpHours } from './support/ip-hours.ts';
import { ProviderAdvice } from './support/provider-advice.ts';
import { KUMO_DEFAULT_RETRY, nextAttemptAt, RetryState } from './support/retry.ts';
import { duration } from '../spec/units-schema.ts';

const microsoft = z.strictObject({
  domains: z.array(z.string()).default(['hotmail.com', 'outlook.com', 'live.com', 'msn.com']),
  max_connections_per_ip: z.number().int().min(1).default(2),
  initial_rate_per_ip_per_hour: z.number().positive().default(20),
  backoff_on: z.array(z.string()).default(['451 4.7.650']),
  retry_after_minutes: z.number().positive().default(30),
  increase_after_clean_hours: z.number().positive().default(24),
  growth_factor: z.number().gt(1).default(1.25),
  max_rate_per_ip_per_hour: z.number().positive().default(20_000),
  max_retry_minutes: z.number().positive().default(240),
  engaged_within_days: z.number().positive().default(30),
});

const params = z.strictObject({
  microsoft: microsoft.default(microsoft.parse({})),
  /** Concurrent connections per IP for other providers. */
  other_connections: z.number().int().min(1).default(10),
  max_age: duration().default(5 * 86400),
});

export default definePolicy({
  name: 'seed-playbook',
  summary:
    "the seed article's loop: Microsoft apart, hourly cap from 20/h, pause on 4.7.650, grow only after clean hours, deferral bands, engaged-only when throttled; other providers: their own advice (Gmail 4.7.28 pause 10 min, Yahoo TSS04 2 h) and paced sending",
  source: 'Suped, How to resolve Microsoft 451 4.7.650 during IP warm-up (seed article)',
  params,
  create(p): Policy {
    const ms = p.microsoft;
    const backoff = ReplyMatcher.of(ms.backoff_on);
    let mta: MtaControl;
    let hours: IpHours;
    let advice: ProviderAdvice;
    let MS = 0;
    let msSite: boolean[] = [];
    const rate: number[] = [];
    const lastDeferral: number[] = [];
    const deferringHours: number[] = [];
    const bands: Band[] = [];
    let tight = false; // some warming IP is in Throttle or Pause: mail only recently engaged recipients
    const retryCtx = new RetryState();
    let warming: boolean[] = [];
    const applyRate = (ip: number) =>
      warming[ip] && MS >= 0 && mta.setProviderRate(ip, MS, { limit: rate[ip]!, period: 3600, maxBurst: 1 });
    const isMicrosoftSite = (site: number) => msSite[site] === true;
    return {
      name: 'seed-playbook',
      setup(m) {
        mta = m;
        const M365 = m.providers.indexOf('m365');
        hours = new IpHours(m.ips.length, m.providers.length);
        // The Microsoft stream: every site (MX rollup) serving one of the listed `domains`. With the
        // default list that is Outlook.com's *.olc.protection.outlook.com site, whose country
        // variants share the MX; its provider carries the hourly cap and the connection cap.
        const named = new Set(ms.domains.map((d) => d.toLowerCase()));
        msSite = m.sites.map((s) => s.domains.some((d) => named.has(d)));
        const first = msSite.indexOf(true);
        MS = first < 0 ? -1 : m.providers.indexOf(m.sites[first]!.provider);
        const bulkPools = new Set(m.streams.filter((s) => s.kind === 'bulk').map((s) => s.pool));
        warming = m.ips.map((x) => bulkPools.has(x.pool));
        for (let ip = 0; ip < m.ips.length; ip++) {
          rate[ip] = ms.initial_rate_per_ip_per_hour;
          lastDeferral[ip] = 0;
          deferringHours[ip] = 0;
          bands[ip] = 'healthy';
          applyRate(ip);
          if (warming[ip] && MS >= 0) m.setProviderConnections(ip, MS, ms.max_connections_per_ip);
          // Microsoft 365 tenants share Exchange Online's per-IP connection limit: the article's
          // connection cap applies to all of them together (KumoMTA's office365 provider block)
          if (warming[ip] && M365 >= 0) m.setProviderConnections(ip, M365, ms.max_connections_per_ip);
        }
        for (let path = 0; path < m.pathCount; path++) {
          const micro = isMicrosoftSite(m.pathSite(path)) && warming[m.pathIp(path)] === true;
          m.setPathConnections(path, micro ? ms.max_connections_per_ip : p.other_connections);
        }
        m.setMaxAge(p.max_age);
        advice = new ProviderAdvice(m, () => p.other_connections, ms.retry_after_minutes * 60);
      },
      onReply(path, reply, now) {
        const ip = mta.pathIp(path),
          provider = mta.pathProvider(path);
        hours.record(ip, provider, reply);
        if (advice.covers(provider)) advice.onReply(path, reply, now);
        if (provider !== MS || !reply.temporary) return;
        if (warming[ip]) lastDeferral[ip] = now;
        // A warming IP pauses on every 4.7.650. A transactional IP (not warmed) pauses only once
        // this hour's deferrals reach the article's Pause band (15 %+ of at least 20 attempts):
        // a stray deferral must not hold receipts for half an hour, a retry storm must stop.
        if (!backoff.test(reply)) return;
        if (!warming[ip] && !(hours.attempts(ip, MS) >= 20 && bandOf(hours.rate(ip, MS)) === 'pause')) return;
        const pause = ms.retry_after_minutes * 60;
        for (let site = 0; site < mta.sites.length; site++) if (isMicrosoftSite(site)) mta.suspendPath(mta.path(ip, site), now + pause);
      },
      retryAt(msg, reply, now) {
        if (msg.provider === MS && reply.temporary) {
          const stretch = Math.min(ms.max_retry_minutes, ms.retry_after_minutes * 2 ** deferringHours[msg.ip]!);
          return now + stretch * 60;
        }
        const advised = advice.retryAt(msg.provider, reply, now);
        if (advised >= 0) return advised;
        retryCtx.attempts = msg.attempts;
        retryCtx.injectedAt = msg.injectedAt;
        retryCtx.firstFailAt = msg.firstFailAt;
        retryCtx.lastDelay = msg.lastDelay;
        retryCtx.now = now;
        return nextAttemptAt(KUMO_DEFAULT_RETRY, retryCtx);
      },
      onHour(_hour, now) {
        advice.onHour();
        for (let ip = 0; ip < rate.length; ip++) {
          if (!warming[ip] || MS < 0) continue;
          const attempts = hours.attempts(ip, MS);
          const dfr = hours.rate(ip, MS);
          const band = attempts >= 5 ? bandOf(dfr) : bands[ip] === 'pause' || bands[ip] === 'throttle' ? 'watch' : 'healthy';
          bands[ip] = band;
          deferringHours[ip] = hours.deferred(ip, MS) > 0 ? deferringHours[ip]! + 1 : 0;
          if (band === 'throttle') rate[ip] = Math.max(ms.initial_rate_per_ip_per_hour / 2, rate[ip]! * 0.75);
          else if (band === 'pause') {
            rate[ip] = Math.max(ms.initial_rate_per_ip_per_hour / 2, rate[ip]! * 0.5);
            if (hours.hour[(ip * mta.providers.length + MS) * 4 + 3]! > 0) mta.requestDelist(ip, MS); // escalate: blocked
          } else if (band === 'healthy' && now - lastDeferral[ip]! >= ms.increase_after_clean_hours * 3600 && attempts > 0) {
            rate[ip] = Math.min(ms.max_rate_per_ip_per_hour, rate[ip]! * ms.growth_factor);
            lastDeferral[ip] = now; // one step per clean window
          }
          applyRate(ip);
        }
        tight = bands.some((b, ip) => warming[ip] && (b === 'throttle' || b === 'pause'));
        hours.roll();
      },
      dailyBudget(stream, provider) {
        if (provider !== MS || mta.streams[stream]!.kind !== 'bulk') return Infinity;
        let perDay = 0;
        const pool = mta.streams[stream]!.pool;
        for (let ip = 0; ip < rate.length; ip++) if (warming[ip] && mta.ips[ip]!.pool === pool) perDay += rate[ip]! * 24;
        return perDay;
      },
      admit(_stream, provider, _segment, recencyDays) {
        return provider !== MS || !tight || recencyDays <= ms.engaged_within_days;
      },
    };
  },
});
