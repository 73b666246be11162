/** Loading and validating scenarios from code: a path or the YAML text itself. */
import { loadScenarioFile, loadScenarioText, ScenarioError, type LoadedScenario, type ScenarioIssue } from '../scenario/load.ts';

/** A string is a path when it has no newline and names a .yaml/.yml/.json file; anything else is scenario text. */
function isPath(textOrPath: string): boolean {
  return !textOrPath.includes('\n') && /\.(ya?ml|json)$/i.test(textOrPath.trim());
}

/**
 * Reads and validates a scenario.
 * @param textOrPath - a scenario file's path, or its YAML text
 * @param file - the name errors point at when `textOrPath` is text (default "scenario.yaml")
 * @throws {@link ScenarioError} with every problem as `file:line:col path: message`
 * @example
 * ```ts
 * const scenario = loadScenario('scenarios/new-ips-engaged.yaml');
 * ```
 */
export function loadScenario(textOrPath: string, file = 'scenario.yaml'): LoadedScenario {
  return isPath(textOrPath) ? loadScenarioFile(textOrPath.trim()) : loadScenarioText(textOrPath, file);
}

/**
 * Validates a scenario without throwing for bad input.
 * @example
 * ```ts
 * const v = validateScenario(text);
 * if (!v.ok) for (const i of v.issues) console.error(`${i.file}:${i.line}:${i.col} ${i.path}: ${i.message}`);
 * ```
 */
export function validateScenario(
  textOrPath: string,
  file?: string,
): { readonly ok: true; readonly scenario: LoadedScenario } | { readonly ok: false; readonly issues: readonly ScenarioIssue[] } {
  try {
    return { ok: true, scenario: loadScenario(textOrPath, file) };
  } catch (e) {
    if (e instanceof ScenarioError) return { ok: false, issues: e.issues };
    throw e;
  }
}
