/** A scenario's `expect:` entries checked from code (what `warmup-sim check` runs). */
import type { LoadedScenario } from '../scenario/load.ts';
import { checkExpectations, type FileReport } from '../check/index.ts';
import { comparePolicies, type CompareOptions } from './runs.ts';

/**
 * Runs the scenario's policies over N seeds and evaluates its expectations.
 * @example
 * ```ts
 * const report = await checkScenario(loadScenario('scenarios/ci-gate.yaml'), { seeds: 20 });
 * if (!report.passed) process.exitCode = 1;
 * ```
 */
export async function checkScenario(scenario: LoadedScenario, o: CompareOptions = {}): Promise<FileReport> {
  const c = await comparePolicies(scenario, o);
  return checkExpectations(scenario.expectations, {
    file: scenario.file,
    scenario: c.scenario,
    seeds: c.seeds,
    policies: c.policies,
    runs: c.runs,
  });
}
