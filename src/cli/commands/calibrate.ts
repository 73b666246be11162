/**
 * `warmup-sim calibrate LOGS... --provider microsoft --out DIR`: Microsoft's hidden state per IP
 * inferred from the logs with a particle filter that uses the receiver model as its transition,
 * and its key parameters (F0, kNew, fDom) fitted by maximum likelihood with 95 % intervals
 * (src/insight/calibrate/). Writes DIR/fit.json, DIR/calibration.csv (inferred trust and capacity
 * per IP and hour with their band, and the replay), DIR/charts/*.vl.json and .svg, and
 * DIR/scenario.yaml, a scenario that starts from the inferred state for `warmup-sim compare`.
 */
import { join } from 'node:path';
import type { CommandModule } from 'yargs';
import { observe } from '../../insight/calibrate/observed.ts';
import { fit } from '../../insight/calibrate/fit.ts';
import { calibrationCharts, calibrationCsv, fitJson } from '../../insight/calibrate/outputs.ts';
import { prewarmScenario } from '../../insight/calibrate/prewarm-scenario.ts';
import { F } from '../../insight/hour-series.ts';
import { spanOf } from '../../insight/log-metrics.ts';
import { writeAtomic } from '../../report/files.ts';
import { UsageError, integerOption } from '../../run/usage-error.ts';
import { logInputOptions, readLogInputs, type LogInputArgs } from '../log-inputs.ts';

interface Args extends LogInputArgs {
  provider: string;
  out: string;
  particles: number;
  seed: number;
  'days-ahead': number;
}

export const calibrateCommand: CommandModule<object, Args> = {
  command: 'calibrate <logs..>',
  describe: "infer Microsoft's hidden trust and capacity per IP from logs, fit its key parameters, and write a scenario that starts there",
  builder: (y) =>
    logInputOptions(y)
      .option('provider', { type: 'string', choices: ['microsoft'], default: 'microsoft', describe: 'the receiver model to calibrate' })
      .option('out', { type: 'string', demandOption: true, describe: 'write fit.json, calibration.csv, charts/ and scenario.yaml here' })
      .option('particles', { type: 'number', default: 200, describe: 'particles of the filter' })
      .option('seed', { type: 'number', default: 1, describe: "seed of the filter's draws" })
      .option('days-ahead', { type: 'number', default: 14, describe: 'duration of the written scenario, days' })
      .example('$0 calibrate acct.csv --snds snds.csv --out cal/', 'then: warmup-sim compare cal/scenario.yaml'),
  handler: async (a) => {
    const particles = integerOption('--particles', a.particles, 10, 100_000);
    const days = integerOption('--days-ahead', a['days-ahead'], 1, 365);
    const { facts } = await readLogInputs(a);
    const obs = observe(facts, a.provider);
    if (obs.ips.length === 0 || obs.ips.every((s) => s.attempts.every((x) => x === 0)))
      throw new UsageError(`no attempts to ${a.provider} from a known source IP in ${a.logs.join(', ')}`);
    const r = fit(obs, { particles, seed: a.seed, walk: 0.02 });
    const charts = calibrationCharts(obs, r);
    const { vlToSvg } = await import('../../report/render.ts');
    for (const c of charts) {
      writeAtomic(join(a.out, 'charts', `${c.id}.vl.json`), `${JSON.stringify(c.spec, null, 1)}\n`);
      writeAtomic(join(a.out, 'charts', `${c.id}.svg`), await vlToSvg(c.spec));
    }
    writeAtomic(join(a.out, 'fit.json'), `${JSON.stringify(fitJson(obs, r, particles), null, 1)}\n`);
    writeAtomic(join(a.out, 'calibration.csv'), calibrationCsv(obs, r));
    writeAtomic(join(a.out, 'scenario.yaml'), prewarmScenario(obs, r, { ...plan(facts), days }));
    const lines = r.estimates
      .filter((e) => e.name !== 'kappa')
      .map(
        (e) =>
          `  ${e.name} = ${e.value.toFixed(3)} ${e.identified ? `(95 % ${e.lo.toFixed(3)} .. ${e.hi.toFixed(3)})` : '(not identified by these logs)'}`,
      );
    const end = obs.ips.map(
      (s, i) => `  ${s.ip}: trust ${r.filter.end[i]!.tEff.toFixed(2)}, capacity ${r.filter.end[i]!.cap.toFixed(0)}/h`,
    );
    process.stdout.write(
      `fitted (${r.evaluations} filter runs):\n${lines.join('\n')}\nat the end of the logs:\n${end.join('\n')}\nwritten: ${a.out}/fit.json, calibration.csv, charts/, scenario.yaml\n`,
    );
  },
};

/** Provider shares of the attempts and the last day's new mail per sending domain, for the scenario's placeholders. */
function plan(facts: Parameters<typeof observe>[0]): { providers: Record<string, number>; perDay: Record<string, number> } {
  const { hour0, hours } = spanOf(facts);
  const count = (cells: Iterable<{ hours: { get(h: number, f: number): number } }>, field: number, from: number) => {
    let n = 0;
    for (const c of cells) for (let h = from; h < hours; h++) n += c.hours.get(hour0 + h, field);
    return n;
  };
  const providers: Record<string, number> = {};
  const known = new Set(['microsoft', 'gmail', 'yahoo', 'corporate', 'm365']);
  for (const c of facts.byIp.values())
    if (known.has(c.provider)) providers[c.provider] = (providers[c.provider] ?? 0) + count([c], F.firsts, 0);
  const total = Object.values(providers).reduce((x, y) => x + y, 0) || 1;
  for (const k of Object.keys(providers)) providers[k] = Math.round((providers[k]! / total) * 1000) / 1000;
  const perDay: Record<string, number> = {};
  for (const c of facts.byDomain.values()) perDay[c.who] = (perDay[c.who] ?? 0) + count([c], F.firsts, hours - 24);
  return { providers, perDay };
}
