/**
 * The default metric catalogue, read from today's run summary (src/metrics/summary.ts): names in
 * snake_case, dotted by provider or stream (`microsoft.worst_daily_deferral`,
 * `transactional.p95_latency`). The getters are typed against RunSummary / RunSeries so a change
 * of the summary format fails the type check here; at run time a missing field is a
 * {@link CatalogueError} (the catalogue and the summary disagree), never a silent null.
 * Metrics marked from_day read the per-day series (msDeferralDaily, deliveredDaily, txP95, bulkP95).
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
      `${p} of ${name} mail's injection-to-delivery time over the whole run`,
      (s) => s.latency[key][p],
    ),
  ),
  metric(`${name}.max_latency`, 'seconds', `longest ${name} injection-to-delivery time`, (s) => s.latency[key].max),
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

const bands: Metric[] = (['healthy', 'watch', 'throttle', 'pause'] as const).map((b) =>
  metric(
    `microsoft.days_${b}`,
    'days',
    `days whose Microsoft deferral rate fell in the ${b} band (days with Microsoft attempts)`,
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
    "first day (day 0 = the run's first) delivering >= 95 % of the target; never if not reached",
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
  metric('microsoft.blocks', 'count', 'block-class replies from Microsoft (Outlook.com)', (s) => s.microsoft.blockReplies),
  ...providerBlocks,
  metric('microsoft.attempts', 'count', 'delivery attempts to Microsoft', (s) => s.microsoft.attempts),
  metric('microsoft.delivered', 'count', 'messages Microsoft accepted', (s) => s.microsoft.delivered),
  metric('microsoft.deferral_rate', 'ratio', 'Microsoft 4xx replies / attempts over the whole run', (s) => s.microsoft.deferralRate),
  metric(
    'microsoft.worst_daily_deferral',
    'ratio',
    'highest daily Microsoft deferral rate (4xx / attempts), from day 3 unless from_day says otherwise',
    (s, o) =>
      o.fromDay === undefined ? s.microsoft.maxDailyDeferralRate : Math.max(0, ...daysFrom(o.series().msDeferralDaily, o.fromDay)),
    { fromDay: { default: 3 } },
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
