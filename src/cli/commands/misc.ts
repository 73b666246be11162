/** `schema`, `policies`: small read-only commands. */
import type { CommandModule } from 'yargs';
import { scenarioJsonSchema } from '../../scenario/json-schema.ts';
import { POLICIES } from '../../policies/registry.ts';
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
