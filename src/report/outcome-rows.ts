/**
 * The rows of the outcomes table (and of the CLI's summary tables): what each row reads from a
 * run summary, which direction is better, its unit, and one line saying what it means. Rates are
 * defined in src/metrics/outcomes.ts (deferral = 4xx / attempts; refused = (4xx + policy 5xx) /
 * attempts), latency in src/metrics/latency.ts (never-delivered mail counted as never).
 */
import type { RunSummary } from '../metrics/summary.ts';

export interface Outcome {
  readonly key: string;
  readonly label: string;
  /** Higher is better (true) or lower is better (false). */
  readonly higherIsBetter: boolean;
  readonly unit: '' | '%' | 's' | 'days';
  /** One line: what the row means. */
  readonly doc: string;
  readonly get: (s: RunSummary) => number;
}

/** Block replies at every provider but Outlook.com. */
function otherBlocks(s: RunSummary): number {
  let n = 0;
  for (const [name, v] of Object.entries(s.blocksByProvider)) if (name !== 'microsoft') n += v;
  return n;
}

const o = (key: string, label: string, higherIsBetter: boolean, unit: Outcome['unit'], doc: string, get: Outcome['get']): Outcome => ({
  key,
  label,
  higherIsBetter,
  unit,
  doc,
  get,
});

export const OUTCOMES: readonly Outcome[] = [
  o('delivered', 'delivered', true, '', 'messages accepted (2xx) by every provider over the run', (s) => s.delivered),
  o(
    'daysToTarget',
    'days to target volume',
    false,
    'days',
    "first day delivering >= 95 % of the plan's final daily bulk volume; never = not reached; – = no target",
    (s) => (s.target > 0 ? (s.daysToTarget ?? Number.POSITIVE_INFINITY) : Number.NaN),
  ),
  o(
    'blockedIpDays',
    'blocked IP-days (any provider)',
    false,
    '',
    'IP x provider x day cells where more than half of the attempts were refused by a block',
    (s) => s.blockedIpDays,
  ),
  o(
    'blocks',
    'Outlook.com block replies (S3150/S3140)',
    false,
    '',
    "Microsoft's block-class replies: the IP or network is refused, not slowed",
    (s) => s.microsoft.blockReplies,
  ),
  o(
    'otherBlocks',
    'block replies elsewhere (Gmail 5.7.28, M365 5.7.606, ...)',
    false,
    '',
    'block-class replies from every other provider',
    otherBlocks,
  ),
  o(
    'msDeferral',
    'Microsoft deferral rate',
    false,
    '%',
    '4xx replies / attempts at Microsoft over the run (a blocked IP defers nothing)',
    (s) => s.microsoft.deferralRate,
  ),
  o(
    'msRefused',
    'Microsoft refused rate',
    false,
    '%',
    '(4xx + policy 5xx) / attempts at Microsoft: deferrals and refusals (blocks) together',
    (s) => s.microsoft.refusedRate,
  ),
  o(
    'msMaxDaily',
    'worst daily Microsoft deferral rate',
    false,
    '%',
    'highest daily 4xx / attempts at Microsoft, from day 0, over days with >= 100 attempts',
    (s) => s.microsoft.maxDailyDeferralRate,
  ),
  o(
    'msMaxDailyRefused',
    'worst daily Microsoft refused rate',
    false,
    '%',
    'highest daily (4xx + policy 5xx) / attempts at Microsoft, from day 0, over days with >= 100 attempts',
    (s) => s.microsoft.maxDailyRefusedRate,
  ),
  o('refused', 'refused rate (all providers)', false, '%', '(4xx + policy 5xx) / attempts over every provider', (s) => s.refusedRate),
  o(
    'bulkP95',
    'bulk latency p95',
    false,
    's',
    'injection to delivery, 95th percentile of all mail: never delivered (expired, blocked) counts as never, still queued at its age',
    (s) => s.latency.bulk.p95,
  ),
  o(
    'bulkWithin24h',
    'bulk delivered within 24 h',
    true,
    '%',
    'share of bulk messages delivered within 24 h of injection',
    (s) => s.latency.bulk.within24h,
  ),
  o(
    'txP95',
    'transactional latency p95',
    false,
    's',
    'as bulk latency p95, for transactional mail (receipts, resets)',
    (s) => s.latency.transactional.p95,
  ),
  o(
    'txWithin1h',
    'transactional delivered within 1 h',
    true,
    '%',
    'share of transactional messages delivered within 1 h of injection',
    (s) => s.latency.transactional.within1h,
  ),
  o(
    'bounced',
    'bounced (5xx: blocks, unknown users, policy)',
    false,
    '',
    'messages refused for good, their recipient unknown or not',
    (s) => s.bounced,
  ),
  o('expired', 'expired in queue', false, '', 'messages dropped undelivered after the maximum queue age or a give-up', (s) => s.expired),
  o('queuedAtEnd', 'still queued at the end', false, '', 'messages neither delivered nor dropped when the run ended', (s) => s.queuedAtEnd),
  o(
    'withheld',
    'held back by the policy',
    false,
    '',
    'planned messages the policy never injected (daily caps, audience rules)',
    (s) => s.withheld,
  ),
  o(
    'attemptsPerDelivered',
    'attempts per delivered message',
    false,
    '',
    'delivery attempts / delivered messages: the retry load a policy puts on receivers',
    (s) => s.attemptsPerDelivered,
  ),
  o('complaintRate', 'observed complaint rate', false, '%', 'complaint copies (FBL/JMRP) received / delivered', (s) => s.complaintRate),
];
