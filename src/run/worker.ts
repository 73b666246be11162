/** Worker-thread entry for sweeps (tinypool): one unit per task. */
import { runUnit, type UnitTask } from './unit-runner.ts';
import type { UnitResult } from './sweep.ts';

export default function work(t: UnitTask): UnitResult {
  return runUnit(t);
}
