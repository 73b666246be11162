/**
 * Ramps from the adaptive policies (./ramp.ts):
 * - seed-playbook: the article's nominal trajectory, the path it takes when Microsoft does not push
 *   back: `initial_rate_per_ip_per_hour` x `growth_factor` per stage, a stage after each
 *   `increase_after_clean_hours` without a reply matching `backoff_on` on that IP, up to the stage
 *   whose caps carry twice the plan's peak Microsoft day (or `max_rate_per_ip_per_hour`, or the scenario's end);
 *   paths of the warming IPs to Outlook.com at `max_connections_per_ip` (and to Microsoft 365 in
 *   total); a `backoff_on` reply pauses the path for `retry_after_minutes`; Microsoft retries
 *   from `retry_after_minutes` doubling to `max_retry_minutes`.
 * - ramp (the policy `plan` searches): its nominal table (`nominalCap`: the day-0 cap per IP per
 *   provider x `growth` per stage, up to `max_per_hour`), one stage a day (the ramp grows at
 *   midnight after `clean_hours` without a deferral: that gate is a caveat, the rule for rolling
 *   a stage), on the first `ips` IPs of the bulk pool;
 *   the caps span each provider's sites (Microsoft 365's tenants, corporate domains), as do
 *   `connections` per IP to Outlook.com and to Microsoft 365; `other_connections` per site elsewhere; a
 *   `backoff_on` reply pauses the path for `retry_minutes`; retries from `retry_minutes` doubling
 *   to `max_retry_minutes` at every provider. Its audience rule is a list segment, not an MTA
 *   setting: a caveat.
 * - fixed-schedule: the ESP table by day for the cold IPs (SendGrid hourly, SparkPost daily, SES
 *   the day's share of the planned bulk mail, custom), as selection rates (excess overflows to the
 *   other IPs), split over the providers by their audience shares.
 */
import { SENDGRID_HOURLY, SPARKPOST_DAILY, sesShare } from '../support/esp-tables.ts';
import { nominalCap, type RampParams } from '../ramp.ts';
import { bulkPools, group, type Ramp, type StageLimit } from './ramp.ts';
import { peakBulkPerDay, type ExportTarget } from './target.ts';

const MS = 'microsoft';

export function rampFromSeedPlaybook(p: Record<string, unknown>, t: ExportTarget): Ramp {
  const ms = p['microsoft'] as Record<string, number> & { backoff_on: string[]; domains: string[] };
  const other = p['other_connections'] as number;
  const maxAge = p['max_age'] as number;
  const pools = bulkPools(t);
  const warming = t.ips.filter((ip) => pools.has(ip.pool)).map((ip) => ip.address);
  // the last stage carries twice the plan's peak Microsoft day per IP spread over 24 h: headroom for a send window and a backlog
  const need = (2 * peakBulkPerDay(t, MS, pools)) / Math.max(1, warming.length) / 24;
  const stages: Ramp['stages'][number][] = [];
  for (let k = 0; k < t.days; k++) {
    const perHour = Math.round(Math.min(ms['max_rate_per_ip_per_hour']!, ms['initial_rate_per_ip_per_hour']! * ms['growth_factor']! ** k));
    const limits: Record<string, Record<string, StageLimit>> = {};
    for (const ip of warming) limits[ip] = { [MS]: { perHour, connections: ms['max_connections_per_ip']! } };
    stages.push({ limits });
    if (perHour >= need || perHour >= ms['max_rate_per_ip_per_hour']!) break;
  }
  const conn = ms['max_connections_per_ip']!;
  return {
    from: 'seed-playbook',
    ips: t.ips.map((x) => x.address),
    kind: 'rate',
    groups: [
      group(t, MS, {
        providerConnections: conn,
        rules: [{ on: ms.backoff_on, pause: ms['retry_after_minutes']! * 60, why: 'the seed article: pause on 451 4.7.650, retry after' }],
        retry: { interval: ms['retry_after_minutes']! * 60, max: ms['max_retry_minutes']! * 60, maxAge },
      }),
      group(t, 'm365', { providerConnections: conn }),
      group(t, 'gmail'),
      group(t, 'yahoo'),
    ].filter((g) => g.domains.length > 0),
    defaults: { connections: other, retry: { interval: 1200, max: 0, maxAge } },
    stages,
    advance: { kind: 'clean', hours: ms['increase_after_clean_hours']!, on: ms.backoff_on, per: 'source' },
    caveats: [
      `the playbook holds back Microsoft bulk mail above 24 x the hourly caps; an MTA queues it: send no more than the caps allow`,
      `the playbook also lowers the rate (x0.75 at 5-15 % deferrals, x0.5 at 15 %+) and mails only recipients engaged within ${ms['engaged_within_days']} days while throttled: roll a stage back by hand when that happens`,
      `the playbook stretches Microsoft retries per deferring hour; here they double per attempt from ${ms['retry_after_minutes']} to ${ms['max_retry_minutes']} minutes`,
      'Gmail and Yahoo advice is kept as pauses (4.7.28: 10 min, [TSS04]: 2 h) and 20 messages per Yahoo connection; the pacing after a limit is not',
    ],
  };
}

export function rampFromRamp(params: Record<string, unknown>, t: ExportTarget): Ramp {
  const p = params as unknown as RampParams;
  const pool = t.streams.find((s) => s.kind === 'bulk')?.pool ?? t.ips[0]?.pool;
  const inPool = t.ips.filter((ip) => ip.pool === pool).map((ip) => ip.address);
  const carrying = p.ips === undefined ? inPool : inPool.slice(0, p.ips);
  const msFamily = (provider: string) => provider === MS || provider === 'm365';
  const conns = (provider: string) => (msFamily(provider) ? p.connections : p.other_connections);
  // as the policy sets them: the cap spans the provider's sites, and so does the Microsoft connection limit
  const limit = (provider: string, k: number): StageLimit => ({
    perHour: nominalCap(p, provider, k),
    connections: conns(provider),
    ...(msFamily(provider) ? { providerConnections: p.connections } : {}),
  });
  const stages: Ramp['stages'][number][] = [];
  for (let k = 0; k < t.days; k++) {
    const limits: Record<string, Record<string, StageLimit>> = {};
    for (const ip of carrying) limits[ip] = Object.fromEntries(t.providers.map((pr) => [pr.name, limit(pr.name, k)]));
    stages.push({ limits });
    if (t.providers.every((pr) => nominalCap(p, pr.name, k) >= p.max_per_hour)) break;
  }
  const retry = { interval: p.retry_minutes * 60, max: p.max_retry_minutes * 60, maxAge: p.max_age };
  const pause = { on: p.backoff_on, pause: p.retry_minutes * 60, why: 'the ramp pauses the IP at the provider on a backoff_on reply' };
  return {
    from: 'ramp',
    ips: t.ips.map((x) => x.address),
    kind: 'rate',
    groups: t.providers
      // connections are the carrying IPs' own (their stage limits); every other IP keeps the defaults, as in the policy
      .map((pr) => group(t, pr.name, { rules: [pause], retry }))
      .filter((g) => g.domains.length > 0),
    defaults: { connections: p.other_connections, retry },
    stages,
    // the ramp grows at midnight when the IP had no deferral from the provider for clean_hours:
    // the stages roll daily (its nominal path), and the gate is the README's rule for rolling
    advance: { kind: 'daily' },
    caveats: [
      `roll the next stage at midnight only when the IP had no deferral from that provider in the last ${p.clean_hours} hours; otherwise hold the stage`,
      ...(p.engaged_until_day > 0
        ? [
            `until day ${p.engaged_until_day} the ramp mails bulk only to recipients engaged within ${p.engaged_within_days} days: that is a list segment in the sending application, not an MTA setting`,
          ]
        : []),
      ...(carrying.length < inPool.length
        ? [`only ${carrying.join(', ')} carry the ramp's mail: leave the pool's other IPs out of its egress pool`]
        : []),
      'the ramp holds back bulk mail above 24 x the hourly caps per provider; an MTA queues it: send no more than the caps allow',
      'the ramp cuts a cap to 0.75x after a day in the Throttle band or a block: roll a stage back by hand when that happens',
    ],
  };
}

export function rampFromFixedSchedule(p: Record<string, unknown>, t: ExportTarget): Ramp {
  const schedule = p['schedule'] as 'sendgrid' | 'sparkpost' | 'ses' | 'custom';
  const pool = t.streams.find((s) => s.kind === 'bulk')?.pool ?? t.ips[0]?.pool;
  const only = p['ips'] as string[] | undefined;
  const cold = t.ips.filter((ip) => (only === undefined ? ip.pool === pool : only.includes(ip.address))).map((ip) => ip.address);
  const table =
    schedule === 'sendgrid' ? SENDGRID_HOURLY : schedule === 'sparkpost' ? SPARKPOST_DAILY : ((p['table'] as number[] | undefined) ?? []);
  const hourly = schedule === 'sendgrid' || (schedule === 'custom' && p['unit'] === 'hour');
  const days = schedule === 'ses' ? Math.min(t.days, p['ses_days'] as number) : Math.min(t.days, table.length);
  const planned = (d: number) =>
    t.streams
      .filter((s) => s.kind === 'bulk' && s.pool === pool)
      .reduce((n, s) => n + (s.perDay[Math.min(d, s.perDay.length - 1)] ?? 0), 0);
  const stages: Ramp['stages'][number][] = [];
  for (let d = 0; d < days; d++) {
    const cap = schedule === 'ses' ? (sesShare(d, p['ses_days'] as number) * planned(d)) / Math.max(1, cold.length) : table[d]!;
    const limits: Record<string, Record<string, StageLimit>> = {};
    for (const ip of cold)
      limits[ip] = Object.fromEntries(
        t.providers.map((pr) => [
          pr.name,
          hourly ? { perHour: Math.max(1, Math.ceil(cap * pr.share)) } : { perDay: Math.max(1, Math.ceil(cap * pr.share)) },
        ]),
      );
    stages.push({ limits });
  }
  const pause = p['pause_on_throttle'] as number;
  const retry = { interval: p['retry_after'] as number, max: p['max_retry'] as number, maxAge: p['max_age'] as number };
  return {
    from: `fixed-schedule (${schedule})`,
    ips: t.ips.map((x) => x.address),
    kind: 'selection',
    groups: [
      group(
        t,
        MS,
        pause > 0 ? { rules: [{ on: ['4.7.650'], pause, why: 'the ESP pauses the cold IP briefly on an Outlook.com throttle' }] } : {},
      ),
      ...t.providers.filter((pr) => pr.name !== MS).map((pr) => group(t, pr.name)),
    ].filter((g) => g.domains.length > 0),
    defaults: { connections: p['connections'] as number, retry },
    stages,
    advance: { kind: 'daily' },
    caveats: [
      'the ESP caps an IP across all providers; an MTA caps an IP per provider, so the cap is split by the audience shares',
      ...(schedule === 'sparkpost'
        ? ['SparkPost advances a stage only after more than 90 % of its traffic was delivered: roll the next stage only then']
        : []),
      ...(schedule === 'ses'
        ? [`SES raises the share over ${String(p['ses_days'])} days; here each day's share of the planned bulk mail is a daily cap`]
        : []),
      'the ESPs retry for 72 h with their own intervals; here the interval doubles per attempt',
    ],
  };
}

/** One row of a plan's schedule (plan.csv: day, IP, provider, hourly cap, daily cap). */
export interface PlanRow {
  readonly day: number;
  readonly ip: string;
  readonly provider: string;
  readonly perHour?: number;
  readonly perDay?: number;
}

/** The ramp with its stages replaced by a plan's schedule: stage d holds day d's caps (rows of later days only). */
export function withPlan(r: Ramp, rows: readonly PlanRow[]): Ramp {
  const days = rows.reduce((n, x) => Math.max(n, x.day + 1), 0);
  const stages = Array.from({ length: days }, (_, d) => {
    const limits: Record<string, Record<string, StageLimit>> = {};
    for (const x of rows.filter((y) => y.day === d)) {
      const l: StageLimit = x.perHour !== undefined ? { perHour: x.perHour } : { perDay: x.perDay! };
      const prev = r.stages[Math.min(d, r.stages.length - 1)]?.limits[x.ip]?.[x.provider];
      // the plan gives the caps; the connections stay the policy's (per site, and over the provider's sites)
      (limits[x.ip] ??= {})[x.provider] = {
        ...l,
        ...(prev?.connections === undefined ? {} : { connections: prev.connections }),
        ...(prev?.providerConnections === undefined ? {} : { providerConnections: prev.providerConnections }),
      };
    }
    return { limits };
  });
  return {
    ...r,
    from: `${r.from}, stages from a plan`,
    stages,
    advance: { kind: 'daily' },
    caveats: [...r.caveats, "the stages are the plan's days: roll them daily"],
  };
}
