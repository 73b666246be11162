/**
 * Runs one sweep unit: the grid point's scenario text, one policy, one seed (in a worker or inline);
 * with `unit.stop`, the run ends once its verdict is decided (`plan`'s early stop).
 */
import { loadScenarioText, type LoadedScenario } from '../scenario/load.ts';
import { runScenario } from './run-scenario.ts';
import type { Unit, UnitResult } from './sweep.ts';
import type { RunState } from './simulate.ts';
import { planStopRule } from '../metrics/plan-verdict.ts';

export interface UnitTask {
  readonly unit: Unit;
  readonly file: string;
  readonly baseDir: string;
}

/**
 * Scenarios loaded in this thread, by text: a sweep's units share one text per grid point, so each
 * thread parses and validates it once, not once per seed (and the YAML parser never gets hot enough
 * for V8 to compile it on every worker). Deep-frozen, since runs share it: a run that wrote to its
 * scenario would throw rather than change the next run.
 */
const loaded = new Map<string, LoadedScenario>();
const MAX_LOADED = 64;

function load(text: string, file: string, baseDir: string): LoadedScenario {
  const key = `${baseDir}\n${file}\n${text}`;
  let l = loaded.get(key);
  if (l === undefined) {
    if (loaded.size >= MAX_LOADED) loaded.clear();
    l = deepFreeze(loadScenarioText(text, file, { baseDir }));
    loaded.set(key, l);
  }
  return l;
}

function deepFreeze<T>(x: T): T {
  if (typeof x === 'object' && x !== null && !ArrayBuffer.isView(x) && !Object.isFrozen(x)) {
    Object.freeze(x);
    for (const v of Object.values(x)) deepFreeze(v);
  }
  return x;
}

export function runUnit(t: UnitTask): UnitResult {
  const stop = t.unit.stop;
  let rule: ((hour: number, m: RunState['metrics']) => boolean) | undefined;
  const { summary, series } = runScenario(load(t.unit.text, t.file, t.baseDir), {
    policy: t.unit.policy,
    seed: t.unit.seed,
    ...(stop && {
      onStart: (run: RunState) => (rule = planStopRule(stop, run.topo.providers)),
      onHour: (hour: number, run: RunState) => rule!(hour, run.metrics) && run.sim.stop(),
    }),
  });
  return { index: t.unit.index, summary, series };
}
