/**
 * `warmup-sim plan FILE --target 500000/day [--provider microsoft] [--max-deferral 2%] [--no-blocks]
 * [--confidence 90%] [--ips 2..20] [--budget 5m] [--seeds 20] [--out DIR]`: the fastest safe ramp
 * to a target (src/run/plan/), with a report like `compare`'s (src/report/plan.ts).
 * The budget is simulated runs (`--budget 600`: the same result on any machine) or a wall-clock
 * limit (`--budget 5m`, the default), which only decides where the same deterministic sequence of
 * batches stops: it is checked between batches, with room kept for the comparison runs, and the
 * report names the run count that reproduces the result exactly.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { CommandModule } from 'yargs';
import { loadScenarioFile } from '../../scenario/load.ts';
import { defaultWorkers, planWhileStarting } from '../../run/pool.ts';
import { integerOption, MAX_SEEDS } from '../../run/usage-error.ts';
import { runPlan } from '../../run/plan/plan.ts';
import { writePlanReport } from '../../report/plan.ts';
import { fmt } from '../../report/html.ts';
import { parseBudget, parseIps, parseShare, parseTarget } from '../plan-options.ts';

interface Args {
  file: string;
  target: string;
  provider: string | undefined;
  'max-deferral': string;
  blocks: boolean;
  confidence: string;
  ips: string | undefined;
  budget: string;
  seeds: number;
  hold: number | undefined;
  own: boolean;
  'search-seed': number;
  workers: number | undefined;
  out: string | undefined;
  json: boolean;
  quiet: boolean;
}

const round1 = (x: number) => Math.round(x * 10) / 10;

export const planCommand: CommandModule<object, Args> = {
  command: 'plan <file>',
  describe: 'search the fastest safe warm-up ramp to a target volume; writes a report with plan.csv and the ESP schedules compared',
  builder: (y) =>
    y
      .positional('file', { type: 'string', demandOption: true, describe: 'scenario YAML file (its first bulk stream is warmed up)' })
      .option('target', { type: 'string', demandOption: true, describe: 'messages per day to reach, e.g. 500000/day or 20k/day' })
      .option('provider', { type: 'string', describe: 'count only deliveries to this provider toward the target (e.g. microsoft)' })
      .option('max-deferral', { type: 'string', default: '2%', describe: 'highest Outlook.com deferral rate of any IP on any day' })
      .option('blocks', {
        type: 'boolean',
        default: false,
        describe: 'allow blocks (default --no-blocks: a block from any provider to any IP makes a seed unsafe)',
      })
      .option('confidence', { type: 'string', default: '90%', describe: 'share of seeds that must stay safe and reach the target' })
      .option('ips', { type: 'string', describe: "IP counts to try, N or A..B (default: 2 to the pool's size)" })
      .option('budget', { type: 'string', default: '5m', describe: 'simulated runs of the search (600) or a wall-clock limit (5m)' })
      .option('seeds', { type: 'number', default: 20, describe: "seeds per plan, from the scenario's seed up" })
      .option('hold', { type: 'number', describe: 'judge only this many days after the target is reached (default: to the end)' })
      .option('own', {
        type: 'boolean',
        default: true,
        describe: "compare with the scenario's own policies too (--no-own: the ESP schedules only)",
      })
      .option('search-seed', { type: 'number', default: 0, describe: 'start of the first design (another deterministic search)' })
      .option('workers', {
        type: 'number',
        describe: 'runs at once: the main thread and N-1 worker threads (default: the number of cores)',
      })
      .option('out', { type: 'string', describe: 'report directory (default: reports/<scenario>-plan)' })
      .option('json', { type: 'boolean', default: false, describe: 'print the plan and its comparison as JSON' })
      .option('quiet', { type: 'boolean', default: false, describe: 'no progress lines on stderr' })
      .example('$0 plan scenarios/new-ips-engaged.yaml --target 20000/day', '2 % ceiling, 90 % of 20 seeds, 5 minutes')
      .example(
        '$0 plan scenarios/plan-500k.yaml --target 500000/day --provider microsoft --ips 10..20 --seeds 10 --budget 400',
        'the 500,000 a day story',
      ),
  handler: async (a) => {
    const t0 = performance.now(); // wall-clock-ok: `--budget 5m` only chooses where the deterministic search stops
    const elapsed = () => (performance.now() - t0) / 1000; // wall-clock-ok
    const workers = integerOption('--workers', a.workers ?? defaultWorkers(), 1);
    const seeds = integerOption('--seeds', a.seeds, 1, MAX_SEEDS);
    const budget = parseBudget(a.budget);
    const criteria = {
      target: parseTarget(a.target),
      provider: a.provider,
      maxDeferral: parseShare('--max-deferral', a['max-deferral']),
      noBlocks: !a.blocks,
      hold: a.hold === undefined ? undefined : integerOption('--hold', a.hold, 0),
    };
    const confidence = parseShare('--confidence', a.confidence);
    const ips = a.ips === undefined ? undefined : parseIps(a.ips);
    const { planned, started } = await planWhileStarting(workers, () => {
      const loaded = loadScenarioFile(a.file);
      return { loaded, raw: parseYaml(readFileSync(a.file, 'utf8')) as Record<string, unknown> };
    });
    // the scenario's own policies run first (measured); keep room for the plan and the three ESP
    // schedules and the report. Those runs go to the end of the scenario, as the scenario's own
    // policies do, while the search's may stop early: price them at the larger of the two per-run
    // costs, x1.25 (the plan's runs send more than the slowest searched ramps). On the 500,000/day
    // story the search's mean run alone priced the comparison at 60 % of what it took.
    const phases = { search: 0, comparison: 0 };
    const ownRuns = a.own ? planned.loaded.scenario.policies.length * seeds : 0;
    const stop =
      'seconds' in budget
        ? (used: number, batch: number) => {
            const perRun = (elapsed() - phases.search) / Math.max(1, used);
            const perFullRun = 1.25 * Math.max(perRun, ownRuns > 0 ? phases.search / ownRuns : 0);
            return used > 0 && elapsed() + perRun * batch + perFullRun * 4 * seeds + 5 > budget.seconds;
          }
        : undefined;
    const say = (line: string) => !a.quiet && process.stderr.write(`${line}\n`);
    const r = await runPlan({
      raw: planned.raw,
      file: a.file,
      baseDir: dirname(resolve(a.file)),
      criteria,
      confidence,
      seeds,
      ...(ips && { ips }),
      budget: 'runs' in budget ? budget.runs : Number.MAX_SAFE_INTEGER,
      budgetLabel: 'runs' in budget ? `${budget.runs} runs` : `${a.budget} of wall clock`,
      ...(stop && { stop }),
      workers,
      started,
      searchSeed: a['search-seed'],
      own: a.own,
      onPhase: (phase) => {
        if (phase !== 'scenario-policies') phases[phase] = elapsed();
        say(
          `plan: ${phase === 'scenario-policies' ? "the scenario's own policies" : phase === 'search' ? 'searching' : 'the plan and the ESP schedules'} (${elapsed().toFixed(0)} s)`,
        );
      },
      onBatch: (b) =>
        say(
          `plan: ${b.stage}, ${b.runs} runs (${b.used} in all, ${elapsed().toFixed(0)} s), ${b.alive} racing${b.best ? `, best #${b.best.id}` : ''}`,
        ),
    });
    const out = a.out ?? join('reports', `${r.scenario.replace(/[^A-Za-z0-9._-]+/g, '_')}-plan`);
    const compared = elapsed();
    await writePlanReport(r, out);
    const timing = {
      scenarioPoliciesSeconds: round1(phases.search),
      searchSeconds: round1(phases.comparison - phases.search),
      comparisonSeconds: round1(compared - phases.comparison),
      reportSeconds: round1(elapsed() - compared),
    };
    if (a.json) {
      const { comparison: _c, candidates: _all, schedule: _s, ...rest } = r;
      process.stdout.write(
        JSON.stringify({ ...rest, report: out, timing }, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v), 2) +
          '\n',
      );
      return;
    }
    const c = r.chosen?.candidate;
    const lines = [
      `${r.scenario}: ${criteria.target.toLocaleString('en-US')}/day${criteria.provider ? ` to ${criteria.provider}` : ''}, deferral <= ${fmt(criteria.maxDeferral, '%')}${criteria.noBlocks ? ', no blocks' : ''}, ${fmt(confidence, '%')} of ${seeds} seeds`,
      c
        ? `plan: ${Object.entries(c.params)
            .map(([k, v]) => `${k} ${v}`)
            .join(
              ', ',
            )}; target on day ${r.baselines[0]!.stats.days}, risk ${fmt(r.baselines[0]!.stats.risk, '%')} [${fmt(r.baselines[0]!.stats.riskLo, '%')} - ${fmt(r.baselines[0]!.stats.riskHi, '%')}]`
        : 'plan: none of the searched ramps met the goal',
      ...r.verdicts.map((v) => `  ${v.beats ? '+' : '-'} ${v.text}`),
      `search: ${r.search.runs} runs (ended: ${r.search.ended}; --budget ${r.search.runs} reproduces it) against ${r.search.gridRuns.toLocaleString('en-US')} for the full grid; comparison: ${r.search.comparisonRuns} runs; ${round1(elapsed())} s (own policies ${timing.scenarioPoliciesSeconds}, search ${timing.searchSeconds}, comparison ${timing.comparisonSeconds}, report ${timing.reportSeconds})`,
      ...overBudget(budget, elapsed(), timing.comparisonSeconds),
      `report: ${join(out, 'index.html')}`,
    ];
    process.stdout.write(lines.join('\n') + '\n');
  },
};

/**
 * A wall-clock budget stops the search, never the comparison: the plan and the ESP schedules run
 * to the end of the scenario, and a schedule that reaches the target early sends far more mail
 * (and costs more) than a searched ramp stopped early. Say so when the whole run overshot.
 */
function overBudget(budget: ReturnType<typeof parseBudget>, seconds: number, comparison: number): string[] {
  if (!('seconds' in budget) || seconds <= budget.seconds) return [];
  return [
    `note: ${round1(seconds)} s is over the ${budget.seconds} s budget: the plan and the ESP schedules (full runs, never stopped early) took ${comparison} s; fewer --seeds or a narrower --ips range fit it, or give --budget in runs`,
  ];
}
