/**
 * The default metric catalogue, read from today's run summary (src/metrics/summary.ts): names in
 * snake_case, dotted by provider or stream (`microsoft.worst_daily_deferral`,
 * `transactional.p95_latency`). The getters are typed against RunSummary / RunSeries so a change
 * of the summary format fails the type check here; at run time a missing field is a
 * {@link CatalogueError} (the catalogue and the summary disagree), never a silent null.
 * Metrics marked from_day read the per-day series (deliveredDaily, txP95, bulkP95, perProvider).
 * Rates follow src/metrics/outcomes.ts: deferral = 4xx / attempts, refused = (4xx + policy 5xx) /
 * attempts; a worst daily rate is the highest over the days with >= 100 attempts; latency counts
 * never-delivered mail as never (src/metrics/latency.ts).
 */
import { PROVIDERS, type RunSeries, type RunSummary } from './adapter.ts';
import type { Catalogue, Metric, MetricOptions, MetricUnit } from './catalogue.ts';
import { CatalogueError } from './errors.ts';

type Read = (s: RunSummary, o: { readonly fromDay?: number; readonly series: () => RunSeries }) => number | null | undefined;

function metric(name: string, unit: MetricUnit, doc: string, read: Read, extra: Partial<Pick<Metric, 'fromDay' | 'none'>> = {}): Metric {
  return {
    name,
    unit,
    doc,
    ...extra,
    get(summary: unknown, o: MetricOptions): number | null {
      const series = (): RunSeries => {
        if (o.series === undefined || o.series === null)
          throw new CatalogueError(`metric ${name} reads the run's daily series, which was not given`);
        return o.series as RunSeries;
      };
      let v: number | null | undefined;
      try {
        v = read(summary as RunSummary, { ...(o.fromDay !== undefined ? { fromDay: o.fromDay } : {}), series });
      } catch (e) {
        if (e instanceof CatalogueError) throw e;
        throw new CatalogueError(`metric ${name}: the run summary does not have the fields it reads (${(e as Error).message})`);
      }
      if (v === null) return null;
      if (typeof v !== 'number')
        throw new CatalogueError(
          `metric ${name}: the run summary has no number where it reads (got ${v === undefined ? 'nothing' : typeof v})`,
        );
      return Number.isFinite(v) ? v : null;
    },
  };
}

/** Days >= from of a daily series. */
function daysFrom(xs: readonly number[], from: number): number[] {
  if (!Array.isArray(xs)) throw new CatalogueError('a daily series is missing from the run series');
  return xs.slice(from);
}

function maxFinite(xs: readonly number[]): number | null {
  let m: number | null = null;
  for (const x of xs) if (Number.isFinite(x) && (m === null || x > m)) m = x;
  return m;
}

const ratio = (a: number, b: number): number | null => (b > 0 ? a / b : null);

/** Days with fewer attempts are left out of the worst daily rates (src/metrics/outcomes.ts MIN_DAY_ATTEMPTS). */
const MIN_DAY_ATTEMPTS = 100;

/** Highest daily deferral (or refused) rate of a provider from day `from`, over days with >= 100 attempts; null if none. */
function worstDaily(series: RunSeries, provider: string, from: number, refused: boolean): number | null {
  const x = series.perProvider.find((p) => p.provider === provider);
  if (x === undefined) return null;
  let m: number | null = null;
  for (let d = from; d < x.attempts.length; d++) {
    const a = x.attempts[d]!;
    if (a < MIN_DAY_ATTEMPTS) continue;
    const r = (x.deferred[d]! + (refused ? x.rejected[d]! : 0)) / a;
    if (m === null || r > m) m = r;
  }
  return m;
}

const STREAMS = [
  ['bulk', 'bulk', 'bulkP95'],
  ['transactional', 'transactional', 'txP95'],
] as const;
const PERCENTILES = ['p50', 'p90', 'p95', 'p99'] as const;

const latency: Metric[] = STREAMS.flatMap(([name, key, daily]) => [
  ...PERCENTILES.map((p) =>
    metric(
      `${name}.${p}_latency`,
      'seconds',
      `${p} of ${name} mail's injection-to-delivery time over the whole run, every message counted (none: it falls among never-delivered mail)`,
      (s) => s.latency[key][p],
    ),
  ),
  metric(
    `${name}.max_latency`,
    'seconds',
    `longest ${name} injection-to-delivery time (none: some mail never delivered)`,
    (s) => s.latency[key].max,
  ),
  metric(`${name}.within_1h`, 'ratio', `share of ${name} messages delivered within 1 h of injection`, (s) => s.latency[key].within1h),
  metric(`${name}.within_24h`, 'ratio', `share of ${name} messages delivered within 24 h of injection`, (s) => s.latency[key].within24h),
  metric(
    `${name}.never_delivered`,
    'count',
    `${name} messages that left the queue undelivered (expired, given up, blocked, refused)`,
    (s) => s.latency[key].neverDelivered,
  ),
  metric(
    `${name}.worst_daily_p95_latency`,
    'seconds',
    `highest daily p95 of ${name} delivery time (days with deliveries)`,
    (_, o) => maxFinite(daysFrom(o.series()[daily], o.fromDay ?? 0)),
    { fromDay: { default: 0 } },
  ),
]);

const providerBlocks: Metric[] = PROVIDERS.filter((p) => p !== 'microsoft').map((p) =>
  metric(`${p}.blocks`, 'count', `block-class replies (IP, network or domain blocks) from ${p}`, (s) => s.blocksByProvider[p] ?? 0),
);

/** Rates of every provider but Microsoft (whose names predate these: see below). */
const providerRates: Metric[] = PROVIDERS.filter((p) => p !== 'microsoft').flatMap((p) => [
  metric(`${p}.deferral_rate`, 'ratio', `${p} 4xx replies / attempts over the whole run`, (s) => s.providers[p]?.deferralRate ?? null),
  metric(`${p}.refused_rate`, 'ratio', `${p} (4xx + policy 5xx) / attempts over the whole run`, (s) => s.providers[p]?.refusedRate ?? null),
  metric(
    `${p}.worst_daily_deferral`,
    'ratio',
    `highest daily ${p} deferral rate over days with >= 100 attempts, from day 0 unless from_day says otherwise`,
    (s, o) => (o.fromDay === undefined ? (s.providers[p]?.worstDailyDeferralRate ?? null) : worstDaily(o.series(), p, o.fromDay, false)),
    { fromDay: { default: 0 } },
  ),
  metric(
    `${p}.worst_daily_refused`,
    'ratio',
    `highest daily ${p} refused rate over days with >= 100 attempts, from day 0 unless from_day says otherwise`,
    (s, o) => (o.fromDay === undefined ? (s.providers[p]?.worstDailyRefusedRate ?? null) : worstDaily(o.series(), p, o.fromDay, true)),
    { fromDay: { default: 0 } },
  ),
  metric(`${p}.days_blocked`, 'days', `days in the Blocked band at ${p} (more than half of the attempts refused by a block)`, (s) =>
    s.providers[p] === undefined ? 0 : s.providers[p]!.daysInBand.blocked,
  ),
]);

const bands: Metric[] = (['healthy', 'watch', 'throttle', 'pause', 'blocked'] as const).map((b) =>
  metric(
    `microsoft.days_${b}`,
    'days',
    b === 'blocked'
      ? 'days on which more than half of the Microsoft attempts were refused by a block (days with Microsoft attempts)'
      : `days whose Microsoft deferral rate fell in the ${b} band, not blocked (days with Microsoft attempts)`,
    (s) => s.microsoft.daysInBand[b],
  ),
);

export const DEFAULT_CATALOGUE: Catalogue = [
  metric('injected', 'count', 'messages injected', (s) => s.injected),
  metric(
    'delivered',
    'count',
    'messages delivered (all providers)',
    (s, o) => (o.fromDay === undefined ? s.delivered : daysFrom(o.series().deliveredDaily, o.fromDay).reduce((a, b) => a + b, 0)),
    { fromDay: { default: 0 } },
  ),
  metric('bounced', 'count', 'messages bounced (permanent failures)', (s) => s.bounced),
  metric('expired', 'count', 'messages that expired in the queue', (s) => s.expired),
  metric('withheld', 'count', 'messages a policy held back and never sent', (s) => s.withheld),
  metric('queued_at_end', 'count', 'messages still queued when the run ended', (s) => s.queuedAtEnd),
  metric('attempts', 'count', 'delivery attempts (all providers)', (s) => s.attempts),
  metric('attempts_per_delivered', 'number', 'attempts per delivered message', (s) => s.attemptsPerDelivered),
  metric('delivery_rate', 'ratio', 'delivered / injected', (s) => ratio(s.delivered, s.injected)),
  metric('bounce_rate', 'ratio', 'bounced / injected', (s) => ratio(s.bounced, s.injected)),
  metric(
    'delivered_per_day',
    'per-day',
    'mean messages delivered per day',
    (_, o) => mean(daysFrom(o.series().deliveredDaily, o.fromDay ?? 0)),
    { fromDay: { default: 0 } },
  ),
  metric('target_per_day', 'per-day', "the plan's final daily bulk volume (the target)", (_, o) => o.series().target),
  metric(
    'days_to_target',
    'days',
    "first day (day 0 = the run's first) delivering >= 95 % of the target; never if not reached (or no target)",
    (s) => s.daysToTarget,
    { none: 'never' },
  ),
  metric('complaint_rate', 'ratio', 'complaint copies received / delivered', (s) => s.complaintRate),
  metric(
    'outlook_blocks',
    'count',
    'block-class replies from Microsoft (Outlook.com), same as microsoft.blocks',
    (s) => s.microsoft.blockReplies,
  ),
  metric('blocks', 'count', 'block-class replies from all providers', (s) => Object.values(s.blocksByProvider).reduce((a, b) => a + b, 0)),
  metric(
    'blocked_ip_days',
    'days',
    'IP x provider x day cells in the Blocked band (more than half of the attempts refused by a block)',
    (s) => s.blockedIpDays,
  ),
  metric('deferral_rate', 'ratio', '4xx replies / attempts, all providers', (s) => s.deferralRate),
  metric('refused_rate', 'ratio', '(4xx + policy 5xx) / attempts, all providers', (s) => s.refusedRate),
  metric('microsoft.blocks', 'count', 'block-class replies from Microsoft (Outlook.com)', (s) => s.microsoft.blockReplies),
  ...providerBlocks,
  ...providerRates,
  metric('microsoft.attempts', 'count', 'delivery attempts to Microsoft', (s) => s.microsoft.attempts),
  metric('microsoft.delivered', 'count', 'messages Microsoft accepted', (s) => s.microsoft.delivered),
  metric('microsoft.deferral_rate', 'ratio', 'Microsoft 4xx replies / attempts over the whole run', (s) => s.microsoft.deferralRate),
  metric(
    'microsoft.refused_rate',
    'ratio',
    'Microsoft (4xx + policy 5xx) / attempts over the whole run: deferrals and refusals (blocks) together',
    (s) => s.microsoft.refusedRate,
  ),
  metric(
    'microsoft.worst_daily_deferral',
    'ratio',
    'highest daily Microsoft deferral rate (4xx / attempts) over days with >= 100 attempts, from day 0 unless from_day says otherwise',
    (s, o) => (o.fromDay === undefined ? s.microsoft.maxDailyDeferralRate : worstDaily(o.series(), 'microsoft', o.fromDay, false)),
    { fromDay: { default: 0 } },
  ),
  metric(
    'microsoft.worst_daily_refused',
    'ratio',
    'highest daily Microsoft refused rate ((4xx + policy 5xx) / attempts) over days with >= 100 attempts, from day 0 unless from_day says otherwise',
    (s, o) => (o.fromDay === undefined ? s.microsoft.maxDailyRefusedRate : worstDaily(o.series(), 'microsoft', o.fromDay, true)),
    { fromDay: { default: 0 } },
  ),
  ...bands,
  metric('snds.green', 'count', 'SNDS daily rows (IP x day) coloured green', (s) => s.snds.green),
  metric('snds.yellow', 'count', 'SNDS daily rows (IP x day) coloured yellow', (s) => s.snds.yellow),
  metric('snds.red', 'count', 'SNDS daily rows (IP x day) coloured red', (s) => s.snds.red),
  ...latency,
];

function mean(xs: readonly number[]): number | null {
  return xs.length === 0 ? null : xs.reduce((a, b) => a + b, 0) / xs.length;
}
