/**
 * `warmup-sim diagnose LOGS... [--complaints F] [--snds F]`: per source IP and per sending
 * domain, the seed article's verdict on Microsoft's throttling (new IP with a low sample, a bad or
 * risky stream, or a policy problem) with the evidence it rests on, and the article's moves as a
 * checklist (src/insight/diagnose.ts, moves.ts; the rule table is in docs/diagnose.md). Text
 * (Markdown) on stdout, or --json. Bad input is one line and exit 2.
 */
import type { CommandModule } from 'yargs';
import { signalsOf } from '../../insight/signals.ts';
import { diagnose } from '../../insight/diagnose.ts';
import { diagnosisJson, diagnosisText } from '../../insight/diagnose-text.ts';
import { writeAtomic } from '../../report/files.ts';
import { logInputOptions, readLogInputs, type LogInputArgs } from '../log-inputs.ts';

interface Args extends LogInputArgs {
  json: boolean;
  out: string | undefined;
}

export const diagnoseCommand: CommandModule<object, Args> = {
  command: 'diagnose <logs..>',
  describe: 'per IP and sending domain: is Microsoft throttling a new IP, a bad stream, or a sending policy? with evidence and moves',
  builder: (y) =>
    logInputOptions(y)
      .option('json', { type: 'boolean', default: false, describe: 'print the diagnosis as JSON' })
      .option('out', { type: 'string', describe: 'also write the text (Markdown) to this file' })
      .example('$0 diagnose kumo.jsonl --snds snds.csv --complaints jmrp/', 'verdicts and moves per IP'),
  handler: async (a) => {
    const { facts } = await readLogInputs(a);
    const feeds = (a.complaints ?? []).length > 0;
    const ds = [...signalsOf(facts, 'ip', 'microsoft', feeds), ...signalsOf(facts, 'domain', 'microsoft', false)].map(diagnose);
    const text = diagnosisText(ds, { first: facts.firstTime, last: facts.lastTime });
    if (a.out !== undefined) writeAtomic(a.out, text);
    process.stdout.write(a.json ? `${JSON.stringify(diagnosisJson(ds), null, 2)}\n` : text);
  },
};
