/** Runs one sweep unit: the grid point's scenario text, one policy, one seed (in a worker or inline). */
import { loadScenarioText } from '../scenario/load.ts';
import { runScenario } from './run-scenario.ts';
import type { Unit, UnitResult } from './sweep.ts';

export interface UnitTask {
  readonly unit: Unit;
  readonly file: string;
  readonly baseDir: string;
}

export function runUnit(t: UnitTask): UnitResult {
  const loaded = { ...loadScenarioText(t.unit.text, t.file), baseDir: t.baseDir };
  const { summary, series } = runScenario(loaded, { policy: t.unit.policy, seed: t.unit.seed });
  return { index: t.unit.index, summary, series };
}
