/** `schema`, `policies`, `classify`: small read-only commands. */
import type { CommandModule } from 'yargs';
import { scenarioJsonSchema } from '../../scenario/json-schema.ts';
import { POLICIES } from '../../policies/registry.ts';
import { classify, isTemporary } from '../../smtp/classifier.ts';
import { CLASS_INFO } from '../../smtp/classes.ts';
import { parseReplyLine } from '../../smtp/reply.ts';
import { table } from '../format.ts';

export const schemaCommand: CommandModule = {
  command: 'schema',
  describe: 'print the JSON Schema of scenario files',
  handler: () => {
    process.stdout.write(JSON.stringify(scenarioJsonSchema(), null, 2) + '\n');
  },
};

export const policiesCommand: CommandModule<object, { json: boolean }> = {
  command: 'policies',
  describe: 'list the policies with a one-line description',
  builder: (y) => y.option('json', { type: 'boolean', default: false }),
  handler: (a) => {
    if (a.json) {
      process.stdout.write(
        JSON.stringify(
          POLICIES.map((p) => ({ name: p.name, summary: p.summary, source: p.source })),
          null,
          2,
        ) + '\n',
      );
      return;
    }
    process.stdout.write(
      table(
        ['policy', 'what it does'],
        POLICIES.map((p) => [p.name, p.summary]),
      ) + '\n',
    );
  },
};

export const classifyCommand: CommandModule<object, { reply: string; json: boolean }> = {
  command: 'classify <reply>',
  describe: "an SMTP reply's class and whether it is temporary",
  builder: (y) =>
    y
      .positional('reply', { type: 'string', demandOption: true, describe: 'the whole reply line, in quotes' })
      .option('json', { type: 'boolean', default: false })
      .example(
        '$0 classify "451 4.7.650 The mail server [192.0.2.1] has been temporarily rate limited due to IP reputation. (S775)"',
        'throttle, temporary',
      ),
  handler: (a) => {
    const cls = classify(a.reply);
    const temporary = isTemporary(a.reply, cls);
    const { code, enhanced } = parseReplyLine(a.reply);
    if (a.json) {
      process.stdout.write(
        JSON.stringify({ class: cls, temporary, code: code || null, enhanced: enhanced || null, meaning: CLASS_INFO[cls].meaning }) + '\n',
      );
      return;
    }
    process.stdout.write(`${cls} (${temporary ? 'temporary: retry later' : 'permanent: do not retry'}): ${CLASS_INFO[cls].meaning}\n`);
  },
};
