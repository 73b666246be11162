/**
 * The command line: a thin yargs layer over the library (src/run, src/report), a file per
 * command under src/cli/commands/, loaded only for the command a line names
 * (./commands/index.ts). Exit codes: 0 ok, 1 a requested check failed, 2 bad input, 3 an
 * internal error (a bug).
 */
import { readFileSync } from 'node:fs';
import yargs, { type CommandModule } from 'yargs';
import { hideBin } from 'yargs/helpers';
import { commandsFor } from './commands/index.ts';
import { exitCodeFor, EXIT } from './errors.ts';
import { stopEarlyWorkers } from '../run/pool.ts';
import { commandOf, explain, helpHint, joinDashValues } from './usage.ts';

/** warmup-sim's own version: the package.json beside this file's package (src/cli or dist/cli), not the caller's project. */
function ownVersion(): string {
  return (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
}

/** Help lines wrap to the terminal's width (COLUMNS when stdout is not a terminal; 80 without either). */
function helpWidth(): number {
  const cols = process.stdout.isTTY ? process.stdout.columns : Number(process.env.COLUMNS);
  return Number.isInteger(cols) && cols > 0 ? Math.max(40, cols) : 80;
}

export async function main(argv: readonly string[]): Promise<number> {
  let code: number = EXIT.ok;
  const say = (line: string) => process.stderr.write(`${line}\n`);
  const commands = await commandsFor(argv);
  const hint = helpHint(commandOf(commands, argv));
  try {
    let y = yargs(joinDashValues(commands, argv))
      .scriptName('warmup-sim')
      .usage(
        '$0 <command> [options]\n\nDeterministic simulator of IP warm-up against mailbox-provider reputation throttles\n(Microsoft 451 4.7.650 S775 and friends).',
      );
    for (const c of commands) y = y.command(c as CommandModule);
    await y
      .demandCommand(1, 'name a command')
      .strict()
      .help()
      .version(ownVersion())
      .wrap(helpWidth())
      .fail((msg, err) => {
        // yargs's own errors (YError: validation, and our flag checks, which it rethrows as YError) are usage errors
        if (err !== undefined && err !== null && err.name !== 'YError') throw err;
        throw new UsageFailure(msg ?? err?.message);
      })
      .exitProcess(false)
      .parseAsync();
  } catch (e) {
    if (e instanceof UsageFailure) {
      say(`error: ${explain(e.message, commands, argv)} ${hint}`);
      code = EXIT.badInput;
    } else code = exitCodeFor(e, say, hint);
  } finally {
    await stopEarlyWorkers();
  }
  return code;
}

class UsageFailure extends Error {}

process.exitCode = await main(hideBin(process.argv));
