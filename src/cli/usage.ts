/**
 * Usage errors as a user should read them. yargs's "Unknown argument: seeed" becomes
 * `unknown option --seeed, did you mean --seed?`, an unknown command gets the closest command
 * names, a missing positional is named, and every message ends by pointing at the --help of the
 * command it concerns. The flags a command knows are read from its own yargs builder, so the
 * suggestions cannot drift from the options.
 */
import yargs, { type Argv, type CommandModule } from 'yargs';
import { closest } from '../check/did-you-mean.ts';

/** A command's name: the first word of its yargs `command` string ("run <file>" -> "run"). */
function nameOf(cmd: CommandModule<never, never>): string {
  return String(cmd.command).split(' ')[0]!;
}

/** The command the arguments name (the first word that is not a flag), if it is one of `commands`. */
export function commandOf<C extends CommandModule<never, never>>(commands: readonly C[], argv: readonly string[]): C | undefined {
  const first = argv.find((a) => !a.startsWith('-'));
  return commands.find((c) => nameOf(c) === first);
}

/** A command with subcommands (`logs`: `logs report ...`, and by default `logs FORMAT FILE`) lists them here for the checks below. */
type WithSubcommands = CommandModule<never, never> & { readonly subcommands?: readonly CommandModule<never, never>[] };

/**
 * The command whose options and positionals apply: the subcommand the word after the command's
 * name names, else its default (`$0 ...`) subcommand, else the command itself.
 */
function effective(cmd: WithSubcommands, argv: readonly string[]): CommandModule<never, never> {
  const subs = cmd.subcommands;
  if (subs === undefined) return cmd;
  const words = argv.filter((a) => !a.startsWith('-'));
  return subs.find((c) => nameOf(c) === words[1]) ?? subs.find((c) => nameOf(c) === '$0') ?? cmd;
}

/** "(see warmup-sim run --help)", or the top-level help when no command is known. */
export function helpHint(cmd: CommandModule<never, never> | undefined): string {
  return `(see warmup-sim ${cmd === undefined ? '' : `${nameOf(cmd)} `}--help)`;
}

function positionalsOf(cmd: CommandModule<never, never>): string[] {
  return [...String(cmd.command).matchAll(/[<[]([\w-]+)(?:\.\.)?[>\]]/g)].map((m) => m[1]!);
}

/** The options the command's builder declares (help and version included), read from a yargs instance it builds. */
function optionsOf(cmd: CommandModule<never, never>): { key: Record<string, unknown>; boolean: string[] } {
  const y = yargs([]);
  if (typeof cmd.builder === 'function') (cmd.builder as (y: Argv) => unknown)(y);
  return (y as unknown as { getOptions(): { key: Record<string, unknown>; boolean: string[] } }).getOptions();
}

/** Every flag the command declares, without dashes. */
function flagsOf(cmd: CommandModule<never, never>): string[] {
  const positionals = new Set(positionalsOf(cmd));
  return Object.keys(optionsOf(cmd).key).filter((k) => !positionals.has(k));
}

/**
 * `--file -` as `--file=-`: yargs drops a lone "-" after an array option, which would read
 * nothing instead of standard input. Boolean flags keep a following "-" as a positional.
 */
export function joinDashValues(commands: readonly CommandModule<never, never>[], argv: readonly string[]): string[] {
  const cmd = commandOf(commands, argv);
  if (cmd === undefined) return [...argv];
  const booleans = new Set(optionsOf(effective(cmd, argv)).boolean);
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (/^--[\w-]+$/.test(a) && argv[i + 1] === '-' && !booleans.has(a.slice(2))) {
      out.push(`${a}=-`);
      i++;
    } else out.push(a);
  }
  return out;
}

function orList(names: readonly string[]): string {
  return names.length === 1 ? names[0]! : `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}`;
}

function unknownToken(token: string, cmd: CommandModule<never, never> | undefined, argv: readonly string[]): string {
  const asFlag = argv.some((a) => a === `--${token}` || a.startsWith(`--${token}=`) || a === `-${token}`);
  if (!asFlag) return `unexpected argument "${token}"`;
  const near = cmd === undefined ? [] : closest(token, flagsOf(effective(cmd, argv)));
  return `unknown option --${token}${near.length > 0 ? `, did you mean ${orList(near.map((f) => `--${f}`))}?` : ''}`;
}

/** Rewrites one yargs validation message for the command line `argv`. */
export function explain(message: string, commands: readonly CommandModule<never, never>[], argv: readonly string[]): string {
  const cmd = commandOf(commands, argv);
  const unknown = /^Unknown arguments?: (.+)$/.exec(message);
  if (unknown !== null) {
    const first = argv.find((a) => !a.startsWith('-'));
    if (cmd === undefined && first !== undefined) {
      const near = closest(first, commands.map(nameOf));
      return `unknown command "${first}"${near.length > 0 ? `, did you mean ${orList(near.map((n) => `"${n}"`))}?` : ''}`;
    }
    const tokens = unknown[1]!.split(', ');
    // yargs also lists the camelCase spelling of an unknown dashed option (utc-ofset, utcOfset): once is enough
    const camelOf = (t: string) => t.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
    const spelled = new Set(tokens.filter((t) => t.includes('-')).map(camelOf));
    return tokens
      .filter((t) => !spelled.has(t))
      .map((t) => unknownToken(t, cmd, argv))
      .join('; ');
  }
  // "Invalid values:\n  Argument: format, Given: "postfx", Choices: "kumomta", ..." (one line per argument)
  const invalid = [...message.matchAll(/Argument: ([\w-]+), Given: "([^"]*)", Choices: (.+)/g)];
  if (invalid.length > 0)
    return invalid
      .map(([, arg, given, choices]) => {
        const known = [...choices!.matchAll(/"([^"]*)"/g)].map((m) => m[1]!);
        const name = cmd !== undefined && positionalsOf(effective(cmd, argv)).includes(arg!) ? arg : `--${arg}`;
        const near = closest(given!, known);
        return `invalid ${name} "${given}" (expected one of: ${known.join(', ')})${near.length > 0 ? `, did you mean ${orList(near.map((n) => `"${n}"`))}?` : ''}`;
      })
      .join('; ');
  const missing = /^Missing required arguments?: (.+)$/.exec(message);
  if (missing !== null)
    return `missing ${missing[1]!
      .split(', ')
      .map((m) => `--${m}`)
      .join(', ')}`;
  const bare = /^Not enough arguments following: (.+)$/.exec(message);
  if (bare !== null) return `--${bare[1]} needs a value`;
  if (/^Not enough non-option arguments/.test(message) && cmd !== undefined)
    return `${nameOf(cmd)} needs ${positionalsOf(effective(cmd, argv))
      .map((p) => `<${p}>`)
      .join(' ')}`;
  return message;
}
