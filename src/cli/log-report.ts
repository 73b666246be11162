/**
 * The simulator's report drawn from what a log says happened (src/report/write.ts), with the
 * replies seen per class as a table, reply-samples.csv and per-ip-hourly.csv: for an MTA's own
 * logs (`logs report`) and for a live run's transcript read as the receiving side's log
 * (./transcript-log.ts: `report --from-transcript`, `serve --out`).
 */
import { join } from 'node:path';
import type { LogFacts } from '../insight/facts.ts';
import { logOutcome } from '../insight/log-outcome.ts';
import { spanOf } from '../insight/log-metrics.ts';
import { perIpHourlyCsv, replySamplesCsv, replySamplesTable } from '../insight/log-tables.ts';
import type { Comparison } from '../metrics/comparison.ts';
import type { RunSummary } from '../metrics/summary.ts';
import { writeComparisonReport } from '../report/write.ts';
import { writeAtomic } from '../report/files.ts';
import { isoTime } from '../logs/time.ts';
import type { TranscriptLog } from './transcript-log.ts';

/** The report of `facts` as one run named `label` under the title `title`, described by `description` (the span is appended). */
export async function writeLogReport(
  facts: LogFacts,
  out: string,
  o: {
    readonly png: boolean;
    readonly title: string;
    readonly label: string;
    readonly description: string;
    readonly complaintFeeds?: boolean;
  },
): Promise<RunSummary> {
  const run = logOutcome(facts, o.label, o.complaintFeeds ?? false);
  const { days } = spanOf(facts);
  const c: Comparison = {
    scenario: o.title,
    description: `${o.description}; ${isoTime(facts.firstTime)} .. ${isoTime(facts.lastTime)}, ${days} day(s). Day 0 is the first record's UTC day.`,
    seeds: [0],
    policies: [o.label],
    runs: [[run]],
  };
  await writeComparisonReport(c, out, { png: o.png, tables: [replySamplesTable(facts)] });
  writeAtomic(join(out, 'reply-samples.csv'), replySamplesCsv(facts));
  writeAtomic(join(out, 'per-ip-hourly.csv'), perIpHourlyCsv(facts));
  return run.summary;
}

/** The report of a live run from its transcript's decisions. */
export function writeTranscriptReport(
  log: TranscriptLog,
  out: string,
  o: { readonly png: boolean; readonly label: string; readonly source: string },
): Promise<RunSummary> {
  return writeLogReport(log.facts, out, {
    png: o.png,
    title: o.label,
    label: o.label,
    description: `${o.source}: ${log.attempts} attempts the live model answered, read as the receiving side's log (mail deferred at MAIL FROM names no recipient, so first attempts and latency are not known; times are model times)`,
  });
}
