/**
 * `warmup-sim logs report LOGS... --out DIR`: the simulator's report (index.html, charts, CSV,
 * summary.json; src/report/write.ts) built from what really happened: the logs read into one
 * LogFacts (src/cli/log-inputs.ts), drawn as one "run" (../log-report.ts: the policy is the
 * logs, the seed 0), plus the replies seen per class (in the page and as reply-samples.csv) and
 * per-ip-hourly.csv. Bad input is one line and exit 2.
 */
import { basename } from 'node:path';
import type { CommandModule } from 'yargs';
import { writeLogReport } from '../log-report.ts';
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
    const s = await writeLogReport(facts, a.out, {
      png: a.png,
      title: `logs: ${label}`,
      label,
      description: `${summaries.map((x) => `${x.file} (${x.summary.format}, ${x.summary.records} records)`).join('; ')}`,
      complaintFeeds: (a.complaints ?? []).length > 0,
    });
    process.stdout.write(
      `${label}: ${s.attempts} attempts, ${s.delivered} delivered, Microsoft deferral rate ${(s.microsoft.deferralRate * 100).toFixed(2)} %, ${s.microsoft.blockReplies} Outlook.com block replies\nreport: ${a.out}/index.html\n`,
    );
  },
};
