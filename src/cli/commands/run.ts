/** `warmup-sim run FILE`: one policy of a scenario on one seed. */
import type { CommandModule } from 'yargs';
import { loadScenarioFile } from '../../scenario/load.ts';
import { resolvePolicy, runScenario } from '../../run/run-scenario.ts';
import { TraceWriter } from '../../run/trace.ts';
import { SIM_LOG_FORMATS, SimLogWriter, type SimLogFormat } from '../../insight/sim-log.ts';
import { sndsExport } from '../../insight/sim-snds.ts';
import { writeAtomic } from '../../report/files.ts';
import { UsageError } from '../../run/usage-error.ts';
import type { Comparison } from '../../metrics/comparison.ts';
import { writeComparisonReport } from '../../report/write.ts';
import { fmt } from '../../report/html.ts';
import { OUTCOMES } from '../../report/aggregate.ts';
import { table } from '../format.ts';
import { integerFlag } from '../options.ts';
import { checkOutDir, checkOutFile } from '../out-path.ts';
import { progress } from '../progress.ts';
import { toJson } from '../../report/json.ts';
import { scenarioInputs } from '../../run/inputs.ts';

interface Args {
  file: string;
  policy: string | undefined;
  seed: number | undefined;
  out: string | undefined;
  trace: string | undefined;
  log: string[] | undefined;
  'log-timestamps': string;
  snds: string | undefined;
  json: boolean;
  quiet: boolean;
}

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
    const loaded = loadScenarioFile(a.file);
    const use = a.policy === undefined ? loaded.scenario.policies[0]! : resolvePolicy(loaded, a.policy);
    const seed = a.seed ?? loaded.scenario.seed;
    const bar = progress(!a.quiet, `${loaded.scenario.name}: policy ${use.name}, seed ${seed}`, 'simulated hours');
    const hours = Math.ceil(loaded.scenario.duration / 3600);
    const trace = a.trace === undefined ? undefined : new TraceWriter(a.trace, loaded.scenario.streams);
    const log =
      a.log === undefined
        ? undefined
        : new SimLogWriter(a.log[1]!, logFormat as SimLogFormat, { postfixTimestamps: a['log-timestamps'] as 'rfc3339' | 'classic' });
    let o: ReturnType<typeof runScenario>;
    try {
      o = runScenario(loaded, {
        policy: use.name,
        seed,
        onHour: (hour) => bar.tick(hour + 1, hours),
        ...tap(trace, log),
      });
    } catch (e) {
      trace?.abort();
      log?.abort();
      throw e;
    } finally {
      bar.stop();
    }
    trace?.close();
    if (log !== undefined) {
      log.close();
      if (log.format === 'postfix')
        writeAtomic(
          `${a.log![1]}.syslog-map`,
          Object.entries(log.syslogMap)
            .map(([name, ip]) => `${name} ${ip}\n`)
            .join(''),
        );
    }
    if (a.snds !== undefined) writeAtomic(a.snds, sndsExport(o.run));
    if (a.out !== undefined) {
      const c: Comparison = {
        scenario: loaded.scenario.name,
        description: loaded.scenario.description,
        seeds: [o.summary.seed],
        policies: [o.summary.policy],
        runs: [[{ summary: o.summary, series: o.series }]],
        inputs: scenarioInputs(loaded.text, [o.summary.policy]),
      };
      await writeComparisonReport(c, a.out);
    }
    if (a.json) {
      process.stdout.write(toJson(o.summary, 2)); // the same numbers and nulls as summary.json's runs
      return;
    }
    const rows = OUTCOMES.map((x) => [x.label, fmt(x.get(o.summary), x.unit)]);
    process.stdout.write(
      `${loaded.scenario.name}: policy ${o.summary.policy}, seed ${o.summary.seed}\n\n${table(['outcome', 'value'], rows)}\n`,
    );
    if (a.out !== undefined) process.stdout.write(`\nreport: ${a.out}/index.html\n`);
  },
};

/** The run's start and trace hooks for the trace file and the MTA log, either or both. */
function tap(
  trace: TraceWriter | undefined,
  log: SimLogWriter | undefined,
): Pick<Parameters<typeof runScenario>[1] & object, 'onTrace' | 'onStart'> {
  if (trace === undefined && log === undefined) return {};
  if (log === undefined) return { onTrace: trace!.write, onStart: trace!.start };
  if (trace === undefined) return { onTrace: log.write, onStart: log.start };
  return {
    onTrace: (e) => {
      trace.write(e);
      log.write(e);
    },
    onStart: (run) => {
      trace.start(run);
      log.start(run);
    },
  };
}
