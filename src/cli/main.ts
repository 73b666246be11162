/**
 * The command line: a thin yargs layer over the library (src/run, src/report), one file per
 * command under src/cli/commands/. Exit codes: 0 ok, 1 a requested check failed, 2 bad input,
 * 3 an internal error (a bug).
 */
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { runCommand } from './commands/run.ts';
import { compareCommand } from './commands/compare.ts';
import { validateCommand } from './commands/validate.ts';
import { classifyCommand, policiesCommand, schemaCommand } from './commands/misc.ts';
import { importCommand } from './commands/import.ts';
import { mergeCommand, sweepCommand } from './commands/sweep.ts';
import { checkCommand } from './commands/check.ts';
import { logsCommand } from './commands/logs.ts';
import { serveCommand } from './commands/serve.ts';
import { planCommand } from './commands/plan.ts';
import { exitCodeFor, EXIT } from './errors.ts';
import { stopEarlyWorkers } from '../run/pool.ts';

export async function main(argv: readonly string[]): Promise<number> {
  let code: number = EXIT.ok;
  const say = (line: string) => process.stderr.write(`${line}\n`);
  try {
    await yargs(argv as string[])
      .scriptName('warmup-sim')
      .usage(
        '$0 <command> [options]\n\nDeterministic simulator of IP warm-up against mailbox-provider reputation throttles\n(Microsoft 451 4.7.650 S775 and friends).',
      )
      .command(runCommand)
      .command(compareCommand)
      .command(validateCommand)
      .command(schemaCommand)
      .command(policiesCommand)
      .command(classifyCommand)
      .command(importCommand)
      .command(sweepCommand)
      .command(mergeCommand)
      .command(checkCommand)
      .command(logsCommand)
      .command(serveCommand)
      .command(planCommand)
      .demandCommand(1, 'Name a command; see --help.')
      .strict()
      .help()
      .version()
      .fail((msg, err) => {
        if (err !== undefined && err !== null) throw err;
        throw new UsageFailure(msg);
      })
      .exitProcess(false)
      .parseAsync();
  } catch (e) {
    if (e instanceof UsageFailure) {
      say(`error: ${e.message} (see warmup-sim --help)`);
      code = EXIT.badInput;
    } else code = exitCodeFor(e, say);
  } finally {
    await stopEarlyWorkers();
  }
  return code;
}

class UsageFailure extends Error {}

process.exitCode = await main(hideBin(process.argv));
