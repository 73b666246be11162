/** `warmup-sim import kumomta FILE.toml`: a KumoMTA shaping file as a warmup-sim policy (YAML). */
import type { CommandModule } from 'yargs';
import { stringify } from 'yaml';
import { TomlError } from 'smol-toml';
import { readShapingFile } from '../../policies/kumomta/policy.ts';
import { shapingSchema } from '../../policies/kumomta/shaping.ts';
import { ScenarioError } from '../../scenario/load.ts';

interface Args {
  format: string;
  file: string;
}

export const importCommand: CommandModule<object, Args> = {
  command: 'import <format> <file>',
  describe: 'turn a real MTA configuration into a policy block (formats: kumomta)',
  builder: (y) =>
    y
      .positional('format', { type: 'string', choices: ['kumomta'], demandOption: true })
      .positional('file', { type: 'string', demandOption: true, describe: 'a KumoMTA shaping.toml' })
      .example('$0 import kumomta /opt/kumomta/share/policy-extras/shaping.toml > policy.yaml', 'print the policy as YAML'),
  handler: (a) => {
    let raw: unknown;
    try {
      raw = readShapingFile(a.file);
    } catch (e) {
      if (e instanceof TomlError)
        throw new ScenarioError([{ file: a.file, line: e.line, col: e.column, path: '', message: `TOML: ${e.message.split('\n')[0]}` }]);
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'EISDIR')
        throw new ScenarioError([
          {
            file: a.file,
            line: 1,
            col: 1,
            path: '',
            message: `cannot read the file (${code === 'ENOENT' ? 'no such file' : 'is a directory'})`,
          },
        ]);
      throw e;
    }
    const r = shapingSchema.safeParse(raw);
    if (!r.success)
      throw new ScenarioError(
        r.error.issues.map((i) => ({ file: a.file, line: 1, col: 1, path: i.path.map(String).join('.'), message: i.message })),
      );
    const notes = [
      `# Imported from ${a.file} by warmup-sim import kumomta.`,
      `# ${r.data.providers.length} provider block(s), ${r.data.domains.length} domain block(s), ${[r.data.default, ...r.data.providers.map((p) => p.block), ...r.data.domains.map((d) => d.block)].reduce((n, b) => n + b.automation.length, 0)} automation rule(s).`,
      ...(r.data.ignored.length > 0 ? [`# Not modelled, ignored: ${r.data.ignored.join(', ')}`] : []),
    ];
    process.stdout.write(`${notes.join('\n')}\n${stringify([{ name: 'kumomta-import', use: 'kumomta', shaping: raw }], { lineWidth: 0 })}`);
  },
};
