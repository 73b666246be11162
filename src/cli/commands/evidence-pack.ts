/**
 * `warmup-sim evidence-pack LOGS... --facts facts.yaml --out DIR`: the seed article's "contact
 * Microsoft" checklist as a ready request, DIR/request.md and DIR/request.html
 * (src/insight/evidence-pack.ts), from the logs (and complaint feeds, SNDS exports) plus a small
 * YAML of sender facts (src/insight/sender-facts.ts). When the article's condition does not hold
 * it writes nothing, prints the reasons and exits 1 (a check that failed); bad input is one line
 * and exit 2.
 */
import { join } from 'node:path';
import type { CommandModule } from 'yargs';
import { evidencePack } from '../../insight/evidence-pack.ts';
import { FactsError, readSenderFacts } from '../../insight/sender-facts.ts';
import { toHtml, toMarkdown } from '../../insight/doc.ts';
import { writeAtomic } from '../../report/files.ts';
import { UsageError } from '../../run/usage-error.ts';
import { CheckFailed } from '../errors.ts';
import { logInputOptions, readLogInputs, type LogInputArgs } from '../log-inputs.ts';

interface Args extends LogInputArgs {
  facts: string;
  out: string;
}

export const evidencePackCommand: CommandModule<object, Args> = {
  command: 'evidence-pack <logs..>',
  describe: "the request for Microsoft's warming assistance (Markdown and HTML), or why it is too early to send one",
  builder: (y) =>
    logInputOptions(y)
      .option('facts', {
        type: 'string',
        demandOption: true,
        describe: 'YAML of sender facts (IPs, hostnames, mail type, plan, authentication, JMRP)',
      })
      .option('out', { type: 'string', demandOption: true, describe: 'write request.md and request.html into this directory' })
      .example('$0 evidence-pack kumo.jsonl --snds snds.csv --facts facts.yaml --out pack/', 'the request, with its proof points'),
  handler: async (a) => {
    let sender;
    try {
      sender = readSenderFacts(a.facts);
    } catch (e) {
      if (e instanceof FactsError) throw new UsageError(e.message);
      throw e;
    }
    const { facts } = await readLogInputs(a);
    const pack = evidencePack(facts, sender, (a.complaints ?? []).length > 0);
    if (!pack.ok)
      throw new CheckFailed(
        `not sending yet: the article's condition for contacting Microsoft does not hold:\n${pack.reasons.map((r) => `- ${r}`).join('\n')}`,
      );
    writeAtomic(join(a.out, 'request.md'), toMarkdown(pack.blocks));
    writeAtomic(join(a.out, 'request.html'), toHtml(pack.title, pack.blocks));
    process.stdout.write(`${pack.title}\nwritten: ${a.out}/request.md, ${a.out}/request.html\n`);
  },
};
