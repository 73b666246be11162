/**
 * `warmup-sim import kumomta|powermta|postfix FILE...`: a real MTA configuration as a policy entry
 * for a scenario's `policies:` list (YAML on stdout, or --out FILE). Settings the simulator does
 * not model are listed in the output's comments and on stderr, never dropped silently.
 *   import kumomta shaping.toml [--queues queues.toml] [--sources-file sources.toml] [--source NAME=IP ...]
 *   import powermta /etc/pmta/config [--source VMTA=IP ...]
 *   import postfix main.cf [master.cf] [--source TRANSPORT=IP ...]
 */
import { readFileSync } from 'node:fs';
import type { CommandModule } from 'yargs';
import { stringify } from 'yaml';
import { TomlError } from 'smol-toml';
import { readShapingFile } from '../../policies/kumomta/policy.ts';
import { importKumomta } from '../../policies/porting/kumomta-import.ts';
import { importPowermta } from '../../policies/porting/powermta-import.ts';
import { importPostfix } from '../../policies/porting/postfix-import.ts';
import type { ImportResult } from '../../policies/porting/issues.ts';
import { ScenarioError } from '../../scenario/error.ts';
import { UsageError } from '../../run/usage-error.ts';
import { writeAtomic } from '../../report/files.ts';

interface Args {
  format: string;
  files: string[];
  source: string[] | undefined;
  queues: string | undefined;
  'sources-file': string | undefined;
  name: string | undefined;
  out: string | undefined;
}

const cannotRead = (file: string, e: unknown): never => {
  if (e instanceof TomlError)
    throw new ScenarioError([{ file, line: e.line, col: e.column, path: '', message: `TOML: ${e.message.split('\n')[0]}` }]);
  const code = (e as NodeJS.ErrnoException).code;
  const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : String((e as Error).message);
  throw new ScenarioError([{ file, line: 1, col: 1, path: '', message: `cannot read the file (${why})` }]);
};
const text = (file: string) => {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    return cannotRead(file, e);
  }
};
const toml = (file: string) => {
  try {
    return { file, doc: readShapingFile(file), text: readFileSync(file, 'utf8') };
  } catch (e) {
    return cannotRead(file, e);
  }
};

/** `NAME=IP` flags -> mapping. */
function parseSourceFlags(flags: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of flags) {
    const m = /^([^=]+)=(.+)$/.exec(f);
    if (!m) throw new UsageError(`invalid --source "${f}" (expected NAME=IP, e.g. new-ip-1=192.0.2.10)`);
    out[m[1]!.trim()] = m[2]!.trim();
  }
  return out;
}

function run(a: Args): { result: ImportResult; from: string } {
  const sources = parseSourceFlags(a.source ?? []);
  const name = a.name ?? `${a.format}-import`;
  const [first, second, ...rest] = a.files;
  const most = a.format === 'postfix' ? 2 : 1;
  if (rest.length > 0 || (second !== undefined && most < 2))
    throw new UsageError(
      `import ${a.format} takes ${most === 2 ? 'main.cf and optionally master.cf' : 'one file'} (got ${a.files.length})`,
    );
  if (a.format !== 'kumomta' && (a.queues !== undefined || a['sources-file'] !== undefined))
    throw new UsageError('--queues and --sources-file are for import kumomta');
  if (a.format === 'kumomta') {
    const result = importKumomta({
      shaping: toml(first!),
      ...(a.queues === undefined ? {} : { queues: toml(a.queues) }),
      ...(a['sources-file'] === undefined ? {} : { sourcesFile: toml(a['sources-file']) }),
      sources,
      name,
    });
    return { result, from: [first, a.queues, a['sources-file']].filter(Boolean).join(', ') };
  }
  if (a.format === 'powermta') return { result: importPowermta(text(first!), first!, { name, sources }), from: first! };
  const files = {
    main: { file: first!, text: text(first!) },
    ...(second === undefined ? {} : { master: { file: second, text: text(second) } }),
  };
  return { result: importPostfix(files, { name, sources }), from: a.files.join(', ') };
}

export const importCommand: CommandModule<object, Args> = {
  command: 'import <format> <files..>',
  describe: 'turn a real MTA configuration into a policy entry (kumomta shaping.toml, powermta config, postfix main.cf [master.cf])',
  builder: (y) =>
    y
      .positional('format', { type: 'string', choices: ['kumomta', 'powermta', 'postfix'], demandOption: true })
      .positional('files', { type: 'string', array: true, demandOption: true })
      .option('source', {
        type: 'string',
        array: true,
        describe: 'NAME=IP: a KumoMTA egress source, PowerMTA virtual-mta or Postfix transport is this scenario IP',
      })
      .option('queues', {
        type: 'string',
        describe: 'kumomta: the queues helper file (queues.toml: retry_interval, max_retry_interval, max_age)',
      })
      .option('sources-file', {
        type: 'string',
        describe: 'kumomta: the sources helper file (sources.toml: source_address of each source)',
      })
      .option('name', { type: 'string', describe: 'the policy entry name (default: <format>-import)' })
      .option('out', { type: 'string', describe: 'write the YAML to this file instead of stdout' })
      .example('$0 import kumomta shaping.toml --source new-ip-1=192.0.2.10 > policy.yaml', 'a shaping file with per-source overrides')
      .example('$0 import powermta /etc/pmta/config', 'domain, virtual-mta and pattern-list blocks')
      .example('$0 import postfix /etc/postfix/main.cf /etc/postfix/master.cf', 'per-IP transports and backoff timers'),
  handler: (a) => {
    const { result, from } = run(a);
    if (!result.ok) throw new ScenarioError(result.issues.map((i) => ({ ...i, path: '' })));
    const comments = [
      `# Imported from ${from} by warmup-sim import ${a.format}.`,
      ...result.notes.map((n) => `# ${n}`),
      ...(result.notModelled.length > 0
        ? ['# Not modelled (kept out of the simulation):', ...result.notModelled.map((x) => `#   ${x}`)]
        : []),
    ];
    for (const x of result.notModelled) process.stderr.write(`not modelled: ${x}\n`);
    const yaml = `${comments.join('\n')}\n${stringify([result.entry], { lineWidth: 0 })}`;
    if (a.out === undefined) process.stdout.write(yaml);
    else {
      writeAtomic(a.out, yaml);
      process.stderr.write(`${a.out}: policy "${String(result.entry['name'])}" (use: ${a.format})\n`);
    }
  },
};
