/** What `warmup-sim run` does once its command line is checked (./run.ts): the run, its trace, logs and report. */
import { loadScenarioFile } from '../../scenario/load.ts';
import { resolvePolicy, runScenario } from '../../run/run-scenario.ts';
import { TraceWriter } from '../../run/trace.ts';
import { SimLogWriter, type SimLogFormat } from '../../insight/sim-log.ts';
import { sndsExport } from '../../insight/sim-snds.ts';
import { writeAtomic } from '../../report/files.ts';
import type { Comparison } from '../../metrics/comparison.ts';
import { writeComparisonReport } from '../../report/write.ts';
import { fmt } from '../../report/html.ts';
import { OUTCOMES } from '../../report/aggregate.ts';
import { table } from '../format.ts';
import { progress } from '../progress.ts';
import { toJson } from '../../report/json.ts';
import { scenarioInputs } from '../../run/inputs.ts';

export interface RunArgs {
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

export async function runAction(a: RunArgs): Promise<void> {
  const loaded = loadScenarioFile(a.file);
  const use = a.policy === undefined ? loaded.scenario.policies[0]! : resolvePolicy(loaded, a.policy);
  const seed = a.seed ?? loaded.scenario.seed;
  const bar = progress(!a.quiet, `${loaded.scenario.name}: policy ${use.name}, seed ${seed}`, 'simulated hours');
  const hours = Math.ceil(loaded.scenario.duration / 3600);
  const trace = a.trace === undefined ? undefined : new TraceWriter(a.trace, loaded.scenario.streams);
  const log =
    a.log === undefined
      ? undefined
      : new SimLogWriter(a.log[1]!, a.log[0] as SimLogFormat, { postfixTimestamps: a['log-timestamps'] as 'rfc3339' | 'classic' });
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
}

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
