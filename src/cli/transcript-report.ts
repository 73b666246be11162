/**
 * The report of a live run, from its transcript read as a delivery log (./transcript-log.ts):
 * the same report `logs report` writes for an MTA's logs (src/report/write.ts, with the replies
 * per class as a table, reply-samples.csv and per-ip-hourly.csv). Used by `report
 * --from-transcript` and by `serve --out` at the end of a live run.
 */
import { join } from 'node:path';
import { logOutcome } from '../insight/log-outcome.ts';
import { spanOf } from '../insight/log-metrics.ts';
import { perIpHourlyCsv, replySamplesCsv, replySamplesTable } from '../insight/log-tables.ts';
import type { Comparison } from '../metrics/comparison.ts';
import type { RunSummary } from '../metrics/summary.ts';
import { writeComparisonReport } from '../report/write.ts';
import { writeAtomic } from '../report/files.ts';
import { isoTime } from '../logs/time.ts';
import type { TranscriptLog } from './transcript-log.ts';

export async function writeTranscriptReport(
  log: TranscriptLog,
  out: string,
  o: { readonly png: boolean; readonly label: string; readonly source: string },
): Promise<RunSummary> {
  const facts = log.facts;
  const run = logOutcome(facts, o.label);
  const { days } = spanOf(facts);
  const c: Comparison = {
    scenario: o.label,
    description: `${o.source}: ${log.attempts} attempts the live model answered; ${isoTime(facts.firstTime)} .. ${isoTime(facts.lastTime)} model time, ${days} day(s). Read as the receiving side's log: mail deferred at MAIL FROM names no recipient, so first attempts and latency are not known.`,
    seeds: [0],
    policies: [o.label],
    runs: [[run]],
  };
  await writeComparisonReport(c, out, { png: o.png, tables: [replySamplesTable(facts)] });
  writeAtomic(join(out, 'reply-samples.csv'), replySamplesCsv(facts));
  writeAtomic(join(out, 'per-ip-hourly.csv'), perIpHourlyCsv(facts));
  return run.summary;
}
