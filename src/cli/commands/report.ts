/**
 * `warmup-sim report --from-transcript FILE --out DIR`: the simulator's report (index.html,
 * charts, CSV, summary.json) from a live run's transcript, offline. The transcript is first
 * replayed into fresh receivers (src/live/replay.ts): every recorded decision must get the same
 * reply again (a difference means the transcript or the model changed: the report is still
 * written, from the recorded replies, and the command exits 1 naming the first differences).
 * Then its decisions are read as the receiving side's delivery log (../transcript-log.ts) and
 * drawn as `logs report` draws an MTA's logs. A transcript that cannot be read is one line and
 * exit 2.
 */
import { join } from 'node:path';
import type { CommandModule } from 'yargs';
import { readTranscript, replayRecords } from '../../live/replay.ts';
import type { TranscriptRecord } from '../../live/transcript.ts';
import { loadScenarioText } from '../../scenario/load.ts';
import { UsageError } from '../../run/usage-error.ts';
import { CheckFailed } from '../errors.ts';
import { checkOutDir } from '../out-path.ts';
import { TranscriptLog } from '../transcript-log.ts';
import { writeTranscriptReport } from '../log-report.ts';

interface Args {
  'from-transcript': string;
  out: string;
  png: boolean;
}

export const reportCommand: CommandModule<object, Args> = {
  command: 'report',
  describe: "the simulator's report from a live run's transcript (serve --transcript), replayed offline",
  builder: (y) =>
    y
      .option('from-transcript', { type: 'string', demandOption: true, describe: 'the JSONL transcript serve --transcript wrote' })
      .option('out', { type: 'string', demandOption: true, describe: 'write the report into this directory' })
      .option('png', { type: 'boolean', default: true, describe: 'also render the charts as PNG' })
      .example('$0 report --from-transcript live.jsonl --out report/', 'the report of a live run, from its transcript'),
  handler: async (a) => {
    const file = a['from-transcript'];
    checkOutDir('--out', a.out);
    let records: TranscriptRecord[];
    let replay: ReturnType<typeof replayRecords>;
    try {
      records = readTranscript(file);
      replay = replayRecords(records, file);
    } catch (e) {
      throw new UsageError((e as Error).message);
    }
    const { start } = replay;
    const scenario = loadScenarioText(start.scenarioText, start.scenarioFile || file).scenario;
    const log = new TranscriptLog(scenario, start.map);
    for (const r of records) log.write(r);
    const s = await writeTranscriptReport(log, a.out, { png: a.png, label: `live: ${scenario.name}`, source: file });
    process.stdout.write(
      `${file}: ${replay.decisions} decisions replayed, ${replay.mismatches.length} differ; ${s.attempts} attempts, ${s.delivered} delivered, Microsoft deferral rate ${(s.microsoft.deferralRate * 100).toFixed(2)} %\nreport: ${join(a.out, 'index.html')}\n`,
    );
    if (replay.mismatches.length > 0) {
      const first = replay.mismatches
        .slice(0, 3)
        .map((m) => `${file}:${m.line} ${m.ev}: recorded ${JSON.stringify(m.recorded)}, replayed ${JSON.stringify(m.replayed)}`);
      throw new CheckFailed(
        `the replay differs from the transcript in ${replay.mismatches.length} decision(s) (the transcript or the model changed):\n${first.join('\n')}`,
      );
    }
  },
};
