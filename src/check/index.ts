/**
 * Expectations in scenario files and `warmup-sim check` (see ./README.md): the entry schema for
 * the scenario schema, compiling entries against the metric catalogue, checking them against
 * runs, and the report formats. The CLI's flow:
 *
 *   const { expectations, issues } = compileExpectations(scenario.expect, { file, text, policies });
 *   if (issues.length) -> print formatCheckIssue(i) for each, exit 2
 *   const report = checkExpectations(expectations, { file, scenario, seeds, policies, runs });
 *   print formatText([report]) | formatJson | formatGithub; write formatJunit([...]) with --junit
 *   exit report.passed ? 0 : 1
 */
export { expectEntrySchema } from './schema.ts';
export { compileExpectations, type Expectation } from './compile.ts';
export { checkExpectations, type FileReport, type CheckResult } from './check.ts';
export { formatText } from './format-text.ts';
export { formatJson } from './format-json.ts';
export { formatGithub } from './format-github.ts';
export { formatJunit } from './format-junit.ts';
