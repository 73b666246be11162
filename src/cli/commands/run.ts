/** `warmup-sim run FILE`: one policy of a scenario on one seed (the run itself: ./run-action.ts, loaded when it runs). */
import type { CommandModule } from 'yargs';
import { SIM_LOG_FORMATS } from '../../insight/sim-log-formats.ts';
import { UsageError } from '../../run/usage-error.ts';
import { integerFlag } from '../options.ts';
import { checkOutDir, checkOutFile } from '../out-path.ts';
import type { RunArgs as Args } from './run-action.ts';

export const runCommand: CommandModule<object, Args> = {
  command: 'run <file>',
  describe: 'run one policy of a scenario on one seed',
  builder: (y) =>
    y
      .positional('file', { type: 'string', demandOption: true, describe: 'scenario YAML file' })
      .option('policy', {
        type: 'string',
        describe: "a policy of the scenario, or of the library with its defaults (see warmup-sim policies); default: the scenario's first",
      })
      .option('seed', integerFlag('seed', { describe: "seed (default: the scenario's)" }))
      .option('out', { type: 'string', describe: 'write a report into this directory' })
      .option('trace', { type: 'string', describe: 'write every attempt and its outcome as JSON lines to this file' })
      .option('log', {
        type: 'string',
        array: true,
        nargs: 2,
        describe: `FORMAT FILE: write the attempts as a real MTA log (${SIM_LOG_FORMATS.join(', ')}); postfix also writes FILE.syslog-map`,
      })
      .option('log-timestamps', {
        type: 'string',
        choices: ['rfc3339', 'classic'],
        default: 'rfc3339',
        describe: 'postfix log: RFC 3339 (rsyslog) or classic syslog timestamps (read back with --year)',
      })
      .option('snds', { type: 'string', describe: "write Microsoft's daily SNDS-like report as an SNDS data export (CSV)" })
      .option('json', { type: 'boolean', default: false, describe: 'print the run summary as JSON' })
      .option('quiet', { type: 'boolean', default: false, describe: 'no progress output' })
      .example('$0 run scenarios/new-ips-engaged.yaml --policy seed-playbook --seed 3', 'one run, summary on stdout')
      .example(
        '$0 run scenarios/new-ips-engaged.yaml --policy powermta',
        "a library policy the scenario does not list, with PowerMTA's defaults",
      )
      .example(
        '$0 run scenarios/new-ips-engaged.yaml --policy postfix --trace attempts.jsonl',
        'every attempt: time, IP, connection, reply, decision',
      )
      .example('$0 run scenarios/risky-list.yaml --policy kumomta --log kumomta kumo.jsonl', 'the same attempts as a KumoMTA JSON log'),
  handler: async (a) => {
    if (a.out !== undefined) checkOutDir('--out', a.out);
    if (a.trace !== undefined) checkOutFile('--trace', a.trace);
    const logFormat = a.log?.[0];
    if (a.log !== undefined && (a.log.length !== 2 || !(SIM_LOG_FORMATS as readonly string[]).includes(logFormat!)))
      throw new UsageError(`--log expects FORMAT FILE with FORMAT one of ${SIM_LOG_FORMATS.join(', ')}, got '${a.log.join(' ')}'`);
    if (a.log !== undefined) checkOutFile('--log', a.log[1]!);
    if (a.snds !== undefined) checkOutFile('--snds', a.snds);
    await (await import('./run-action.ts')).runAction(a);
  },
};
