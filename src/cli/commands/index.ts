/**
 * Every command of the CLI, by the name a command line starts with, each loaded on demand: a
 * command line that names a command loads that command's module only (and what it imports), not
 * the other commands' (their simulator, report, log-reader and SMTP-server modules made every
 * start, `--version` included, about 0.45 s on this project's machines). The order is the one
 * `warmup-sim --help` lists.
 */
import type { CommandModule } from 'yargs';

type Loaded = CommandModule<never, never>;

const COMMAND_LOADERS: Readonly<Record<string, () => Promise<Loaded>>> = {
  run: async () => (await import('./run.ts')).runCommand as Loaded,
  compare: async () => (await import('./compare.ts')).compareCommand as Loaded,
  validate: async () => (await import('./validate.ts')).validateCommand as Loaded,
  schema: async () => (await import('./misc.ts')).schemaCommand as Loaded,
  policies: async () => (await import('./misc.ts')).policiesCommand as Loaded,
  classify: async () => (await import('./classify.ts')).classifyCommand as Loaded,
  import: async () => (await import('./import.ts')).importCommand as Loaded,
  export: async () => (await import('./export.ts')).exportCommand as Loaded,
  sweep: async () => (await import('./sweep.ts')).sweepCommand as Loaded,
  merge: async () => (await import('./sweep.ts')).mergeCommand as Loaded,
  check: async () => (await import('./check.ts')).checkCommand as Loaded,
  logs: async () => (await import('./logs.ts')).logsCommand as Loaded,
  diagnose: async () => (await import('./diagnose.ts')).diagnoseCommand as Loaded,
  'evidence-pack': async () => (await import('./evidence-pack.ts')).evidencePackCommand as Loaded,
  calibrate: async () => (await import('./calibrate.ts')).calibrateCommand as Loaded,
  serve: async () => (await import('./serve.ts')).serveCommand as Loaded,
  report: async () => (await import('./report.ts')).reportCommand as Loaded,
  plan: async () => (await import('./plan.ts')).planCommand as Loaded,
};

/**
 * The commands a command line needs: the one it names, or every command when it names none
 * (`--help`, `--version`) or an unknown one (for the did-you-mean). The first word that is not an
 * option names the command, as yargs reads it.
 */
export async function commandsFor(argv: readonly string[]): Promise<Loaded[]> {
  const first = argv.find((a) => !a.startsWith('-'));
  if (first === undefined && argv.length === 1 && argv[0] === '--version') return []; // yargs answers it before any command
  const one = first === undefined || !Object.hasOwn(COMMAND_LOADERS, first) ? undefined : COMMAND_LOADERS[first];
  return one !== undefined ? [await one()] : Promise.all(Object.values(COMMAND_LOADERS).map((load) => load()));
}
