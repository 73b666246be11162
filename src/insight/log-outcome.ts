/**
 * A sender's logs as one "run" of the simulator's report (`warmup-sim logs report`): the facts
 * (facts.ts) written into the simulator's run record (log-metrics.ts) and summarised by the
 * simulator's own `summarize` (src/metrics/summary.ts), so the same charts and tables show what
 * really happened, with the same definitions: deferral rate 4xx / attempts, refused rate (4xx +
 * policy 5xx) / attempts (policy 5xx: every 5xx but unknown-user and mailbox-full), bands with
 * Blocked (more than half of a day's attempts block-class replies), worst daily rates from day 0
 * over days with >= 100 attempts, every provider and every IP at each provider, and latency over
 * every message: deliveries from their queue time, expiries and final bounces for the sender's
 * reasons as never delivered, mail still deferred at the last record at its age then. Day 0 is
 * the UTC day of the first record.
 *
 * What logs cannot say is unknown (NaN or empty; null in summary.json), not zero: the hidden
 * receiver state (no trust or capacity series), the plan (no target; withheld mail NaN), peak
 * connections (NaN), which stream a message belonged to (no streams, no per-stream series; every
 * message counts as bulk, so the transactional latency has no messages and NaN quantiles), the
 * complaint rate without complaint feeds (NaN; with feeds, complaints in them / delivered), and
 * when each SNDS row was published (`availableAt` NaN). SNDS colours count the SNDS rows given;
 * the SNDS series holds those rows (colour GREEN / YELLOW / RED only), the complaint rate where
 * SNDS gives one value (a range such as "< 0.1%" is NaN), blocked when the row's comments say so.
 */
import { summarize, type RunSeries, type RunSummary, type SndsRow } from '../metrics/summary.ts';
import type { LogFacts } from './facts.ts';
import { logRun, spanOf } from './log-metrics.ts';

const COLOURS = { GREEN: 'green', YELLOW: 'yellow', RED: 'red' } as const;

/** The SNDS rows given, as the simulator's SNDS series (days from day 0 of the logs). */
function sndsSeries(f: LogFacts, day0: number): SndsRow[] {
  const out: SndsRow[] = [];
  for (const r of f.snds) {
    const colour = COLOURS[r.filter as keyof typeof COLOURS];
    if (colour === undefined) continue;
    out.push({
      day: Math.floor(r.start / 86400) - day0,
      provider: 'microsoft',
      ip: r.ip,
      rcpt: r.rcptCommands,
      data: r.dataCommands,
      colour,
      complaintRate: r.complaintLow === r.complaintHigh ? r.complaintLow : Number.NaN,
      trapHits: r.trapHits,
      blocked: /\bblocked\b/i.test(r.comments),
      availableAt: Number.NaN,
    });
  }
  return out;
}

/** The summary and series of the logs, as one run named `label`; `complaintFeeds`: complaint feeds were read. */
export function logOutcome(f: LogFacts, label: string, complaintFeeds = false): { summary: RunSummary; series: RunSeries } {
  const { day0 } = spanOf(f);
  const { summary, series } = summarize(logRun(f), label);
  const snds = sndsSeries(f, day0);
  const colours = { green: 0, yellow: 0, red: 0 };
  for (const r of snds) colours[r.colour]++;
  return {
    summary: {
      ...summary,
      withheld: Number.NaN,
      streams: [],
      complaintRate: complaintFeeds ? summary.complaintRate : Number.NaN,
      snds: colours,
      hidden: { trust: [], capacity: [] },
    },
    series: { ...series, hiddenTrust: [], hiddenCapacity: [], perStreamIp: [], snds },
  };
}
