/**
 * `warmup-sim logs report LOGS... --out DIR`: the simulator's report (index.html, charts, CSV,
 * summary.json; src/report/write.ts) built from what really happened: the logs read into one
 * LogFacts (src/cli/log-inputs.ts), turned into one "run" (src/insight/log-outcome.ts: the
 * policy is the logs, the seed 0), plus the replies seen per class (in the page and as
 * reply-samples.csv) and per-ip-hourly.csv. Bad input is one line and exit 2.
 */
import { basename, join } from 'node:path';
import type { CommandModule } from 'yargs';
import { logOutcome } from '../../insight/log-outcome.ts';
import { spanOf } from '../../insight/log-metrics.ts';
import { perIpHourlyCsv, replySamplesCsv, replySamplesTable } from '../../insight/log-tables.ts';
import type { Comparison } from '../../metrics/comparison.ts';
import { writeComparisonReport } from '../../report/write.ts';
import { writeAtomic } from '../../report/files.ts';
import { isoTime } from '../../logs/time.ts';
import { logInputOptions, readLogInputs, type LogInputArgs } from '../log-inputs.ts';

interface Args extends LogInputArgs {
  out: string;
  label: string | undefined;
  png: boolean;
}

export const logsReportCommand: CommandModule<object, Args> = {
  command: 'report <logs..>',
  describe: "the simulator's report (charts, bands, per-IP tables, reply samples) from real MTA logs",
  builder: (y) =>
    logInputOptions(y)
      .option('out', { type: 'string', demandOption: true, describe: 'write the report into this directory' })
      .option('label', { type: 'string', describe: 'name of the logs in the report (default: the first file name)' })
      .option('png', { type: 'boolean', default: true, describe: 'also render the charts as PNG' })
      .example('$0 logs report /var/log/kumomta/*.jsonl.gz --out report/', 'a first look at your own warm-up')
      .example('$0 logs report mail.log --syslog-map mail.log.syslog-map --out r/', 'a Postfix maillog, source IPs by syslog name'),
  handler: async (a) => {
    const { facts, summaries } = await readLogInputs(a);
    const label = a.label ?? basename(a.logs[0]!);
    const run = logOutcome(facts, label, (a.complaints ?? []).length > 0);
    const { days } = spanOf(facts);
    const c: Comparison = {
      scenario: `logs: ${label}`,
      description: `${summaries.map((s) => `${s.file} (${s.summary.format}, ${s.summary.records} records)`).join('; ')}; ${isoTime(facts.firstTime)} .. ${isoTime(facts.lastTime)}, ${days} day(s). Day 0 is the first record's UTC day.`,
      seeds: [0],
      policies: [label],
      runs: [[run]],
    };
    await writeComparisonReport(c, a.out, { png: a.png, tables: [replySamplesTable(facts)] });
    writeAtomic(join(a.out, 'reply-samples.csv'), replySamplesCsv(facts));
    writeAtomic(join(a.out, 'per-ip-hourly.csv'), perIpHourlyCsv(facts));
    const s = run.summary;
    process.stdout.write(
      `${label}: ${s.attempts} attempts, ${s.delivered} delivered, Microsoft deferral rate ${(s.microsoft.deferralRate * 100).toFixed(2)} %, ${s.microsoft.blockReplies} Outlook.com block replies\nreport: ${a.out}/index.html\n`,
    );
  },
};
