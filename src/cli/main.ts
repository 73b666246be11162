/**
 * The command line: a thin yargs layer, one file per command under src/cli/commands/.
 * Exit codes: 0 ok, 1 a requested check failed, 2 bad input.
 */
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';

await yargs(hideBin(process.argv))
  .scriptName('warmup-sim')
  .usage('$0 <command> [options]\n\nDeterministic simulator of IP warm-up against mailbox-provider reputation throttles.')
  .demandCommand(1, 'Name a command; see --help.')
  .strict()
  .help()
  .parseAsync();
