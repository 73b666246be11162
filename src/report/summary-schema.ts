/**
 * The shape of summary.json (and of `run --json`, one run summary), as a zod schema with a
 * description on every field: the source of the committed JSON Schema docs/summary.schema.json
 * and of the field table in the README's "summary.json" section (both kept current by a test).
 * Objects are strict, so a field the code writes and this file does not document fails the test
 * that validates a real summary.json. null: no value (a rate without attempts, a percentile
 * without messages) or never (a percentile among never-delivered mail, a target never reached).
 */
import { z } from 'zod';
import { BAND_ORDER } from '../metrics/bands.ts';

const count = (d: string) => z.number().describe(d);
const maybe = (d: string) => z.number().nullable().describe(`${d}; null when undefined`);
const band = z
  .enum(BAND_ORDER as [string, ...string[]])
  .describe('the seed article band: healthy, watch, throttle, pause, or blocked (more than half of the attempts refused by a block)');
const daysInBand = z
  .strictObject(Object.fromEntries(BAND_ORDER.map((b) => [b, count(`days in the ${b} band`)])))
  .describe('days with attempts per band (the band of each day from its deferral rate and block share)');

const counts = {
  attempts: count('delivery attempts (replies to a message)'),
  delivered: count('attempts accepted (2xx)'),
  deferred: count('temporary failures (4xx)'),
  rejected: count('policy 5xx: permanent refusals other than unknown-user and mailbox-full'),
  blocked: count('block-class replies (S3150, S3140, 5.7.606, Gmail 5.7.28, Yahoo TSS09, ...)'),
  deferralRate: maybe('4xx / attempts'),
  refusedRate: maybe('(4xx + policy 5xx) / attempts'),
  blockShare: maybe('block-class replies / attempts'),
  worstDailyDeferralRate: maybe('highest daily 4xx / attempts over the days with >= 100 attempts, from day 0'),
  worstDailyRefusedRate: maybe('highest daily (4xx + policy 5xx) / attempts over the days with >= 100 attempts, from day 0'),
  daysInBand,
};
const outcome = z.strictObject(counts).describe('attempt outcomes, rates, worst days and bands');

const percentiles = z
  .strictObject({
    p50: maybe('median latency (s); null also when it falls among never-delivered mail'),
    p90: maybe('90th percentile (s)'),
    p95: maybe('95th percentile (s)'),
    p99: maybe('99th percentile (s)'),
    max: maybe('longest (s); null when any mail was never delivered'),
    messages: count('messages counted: delivered + still queued at the end + never delivered'),
    queuedAtEnd: count('still queued at the end, counted at their age (a lower bound)'),
    neverDelivered: count('left the queue undelivered for the sender’s reasons (expired, given up, blocked, refused)'),
    within1h: maybe('share of the messages counted delivered within 1 h of injection'),
    within24h: maybe('share delivered within 24 h'),
  })
  .describe('queue latency, injection to delivery, over every message (never-delivered mail sorts last)');

const runSummary = z
  .strictObject({
    policy: z.string().describe('the policy (variant) name'),
    seed: count('the seed of this run'),
    injected: count('messages injected'),
    delivered: count('messages delivered'),
    bounced: count('messages refused for good (5xx), their recipient unknown or not'),
    expired: count('messages dropped after the maximum queue age or a give-up'),
    withheld: maybe('planned messages the policy never injected (a log report: unknown, logs do not show the plan)'),
    queuedAtEnd: count('messages still queued when the run ended'),
    attempts: count('delivery attempts, all providers'),
    attemptsPerDelivered: count('attempts / delivered (delivered counted as at least 1)'),
    deferralRate: maybe('4xx / attempts, all providers'),
    refusedRate: maybe('(4xx + policy 5xx) / attempts, all providers'),
    microsoft: z
      .strictObject({
        attempts: count('attempts to Microsoft (Outlook.com)'),
        deferralRate: maybe('4xx / attempts'),
        refusedRate: maybe('(4xx + policy 5xx) / attempts'),
        maxDailyDeferralRate: maybe('highest daily 4xx / attempts over the days with >= 100 attempts, from day 0'),
        maxDailyRefusedRate: maybe('the same for (4xx + policy 5xx) / attempts'),
        blockReplies: count('block-class replies, connection refusals included'),
        daysInBand,
        delivered: count('messages Microsoft accepted'),
      })
      .describe('Microsoft (Outlook.com), the provider the seed article gates on'),
    providers: z.record(z.string(), outcome).describe('every provider of the scenario, by name'),
    blocksByProvider: z
      .record(z.string(), count('block-class replies'))
      .describe('block-class replies per provider, connection refusals included'),
    blockedIpDays: count('IP x provider x day cells in the Blocked band'),
    latency: z
      .strictObject({ bulk: percentiles, transactional: percentiles, all: percentiles })
      .describe('latency of bulk streams, transactional streams, and all mail'),
    streams: z
      .array(
        z.strictObject({
          stream: z.string().describe('the stream name'),
          kind: z.enum(['bulk', 'transactional']).describe('bulk or transactional'),
          injected: count('messages injected'),
          bounced: count('messages bounced'),
          expired: count('messages expired'),
          withheld: count('messages withheld by the policy'),
          queuedAtEnd: count('messages still queued at the end'),
          latency: percentiles,
          ips: z.array(outcome.extend({ ip: z.string().describe('the sending IP') })).describe("the stream's outcome on each IP it used"),
          ...counts,
        }),
      )
      .describe('every stream separately (all providers)'),
    perIp: z
      .array(outcome.extend({ ip: z.string().describe('the sending IP'), provider: z.string().describe('the provider') }))
      .describe('every IP separately at each provider it sent to'),
    target: count("the plan's final daily bulk volume (0: no target)"),
    daysToTarget: z.number().nullable().describe('first day delivering >= 95 % of the target; null: never, or no target'),
    complaintRate: maybe(
      'complaint copies received / delivered (a log report: complaints in the feeds given / delivered, null without feeds)',
    ),
    snds: z
      .strictObject({ green: count('green rows'), yellow: count('yellow rows'), red: count('red rows') })
      .describe('SNDS-like IP-day rows (>= 100 DATA) by filter colour'),
    hidden: z
      .strictObject({
        trust: z.array(z.number().nullable()).describe('Microsoft T_eff per IP at the end'),
        capacity: z.array(z.number().nullable()).describe('Microsoft capacity (messages/hour) per IP at the end'),
      })
      .describe('HIDDEN receiver state, never visible to a sender: for understanding the model only'),
  })
  .describe('one run: one policy on one seed (what `warmup-sim run --json` prints)');

const meanBand = z.strictObject({
  mean: maybe('mean over seeds (null: never in some seed, or no data)'),
  p5: maybe('5 % quantile over seeds'),
  p95: maybe('95 % quantile over seeds'),
});

const verdict = z
  .strictObject({
    rule: z.array(z.string()).describe('the ranking rule, key by key'),
    ranking: z
      .array(
        z.strictObject({
          rank: count('1 = best; ties share a rank'),
          policy: z.string().describe('the policy'),
          reason: z.string().describe('one line: why it ranks here'),
          band: band.nullable().describe('band of the whole-run Microsoft rates, pooled over seeds (null without Microsoft attempts)'),
          keys: z
            .strictObject({
              blockedIpDays: maybe('mean blocked IP-days'),
              blockReplies: maybe('mean block replies, all providers'),
              seedsNotReaching: count('seeds that never reached the target'),
              daysToTarget: maybe('mean days to target over the seeds that reached it'),
              msDaysOutside: maybe('mean days outside Healthy/Watch at Microsoft'),
              p95: maybe('mean p95 latency of all mail (s)'),
              attemptsPerDelivered: maybe('mean attempts per delivered'),
            })
            .describe('the values the rule compared'),
        }),
      )
      .describe('policies from best to worst'),
    seeds: count('seeds per policy'),
    smallestP: count('smallest sign-test p these seeds can give'),
    seedsNeeded: count('seeds the sign test needs to reach p < 0.05'),
    topPair: z
      .strictObject({
        a: z.string(),
        b: z.string(),
        wins: count('seeds a beat b'),
        losses: count('seeds b beat a'),
        ties: count('ties'),
        p: count('sign-test p'),
      })
      .nullable()
      .describe('the first against the second, seed by seed, on the key that separated them'),
    warning: z.string().nullable().describe('set when the seeds are too few for p < 0.05'),
  })
  .describe('which policy, and why');

export const summarySchema = z
  .strictObject({
    scenario: z.string().describe('scenario name'),
    description: z.string().describe('scenario description'),
    seeds: z.array(z.number()).describe('the seeds each policy ran'),
    verdict,
    policies: z
      .array(
        z.strictObject({
          policy: z.string().describe('the policy (variant) name'),
          blocked: z.boolean().describe('some IP spent a day in the Blocked band in some seed'),
          outcomes: z.record(z.string(), meanBand).describe('each row of the outcomes table by key (src/report/outcome-rows.ts)'),
          providers: z
            .record(
              z.string(),
              z.strictObject({
                attempts: count('attempts, summed over seeds'),
                deferralRate: maybe('pooled 4xx / attempts'),
                refusedRate: maybe('pooled (4xx + policy 5xx) / attempts'),
                blockShare: maybe('pooled block share'),
                band: band.nullable().describe('band of the pooled rates (null without attempts)'),
              }),
            )
            .describe('each provider pooled over seeds'),
        }),
      )
      .describe('each policy over its seeds'),
    pairs: z
      .array(
        z.strictObject({
          a: z.string().describe('first policy'),
          b: z.string().describe('second policy'),
          outcome: z.string().describe('outcome key'),
          wins: count('seeds a was better'),
          losses: count('seeds a was worse'),
          ties: count('ties'),
          p: count('exact two-sided sign-test p (ties dropped)'),
        }),
      )
      .describe('paired comparisons on the same seeds'),
    runs: z
      .array(
        z.strictObject({
          policy: z.string().describe('the policy (variant) name'),
          runs: z.array(runSummary).describe('one summary per seed'),
        }),
      )
      .describe('every run summary, per policy'),
  })
  .describe('warmup-sim report summary (summary.json)');

export { runSummary as runSummarySchema };

/** The JSON Schema of summary.json (docs/summary.schema.json). */
export function summaryJsonSchema(): Record<string, unknown> {
  return {
    ...(z.toJSONSchema(summarySchema) as Record<string, unknown>),
    title: 'warmup-sim summary.json',
    $id: 'https://warmup-sim.invalid/summary.schema.json',
  };
}
