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
export {
  expectEntrySchema,
  checkPolicyNames,
  parseShare,
  DEFAULT_CONFIDENCE,
  type ExpectSpec,
  type ExpectEntryInput,
  type Quantifier,
  type NameIssue,
} from './schema.ts';
export { compileExpectations, type Expectation, type CompileOptions } from './compile.ts';
export {
  checkExpectations,
  type CheckRuns,
  type RunData,
  type FileReport,
  type CheckResult,
  type TargetResult,
  type ComparisonResult,
} from './check.ts';
export { formatText } from './format-text.ts';
export { formatJson } from './format-json.ts';
export { formatGithub } from './format-github.ts';
export { formatJunit } from './format-junit.ts';
export { formatCheckIssue, CatalogueError, type CheckIssue } from './errors.ts';
export { DEFAULT_CATALOGUE } from './catalogue-default.ts';
export { catalogueMarkdown, type Catalogue, type Metric, type MetricUnit, type MetricOptions } from './catalogue.ts';
export { parseExpr } from './parser.ts';
export { formatExpr } from './ast.ts';
