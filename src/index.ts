/**
 * warmup-sim: the public API. The CLI is a thin layer over these functions; results are plain
 * data, the same as the CLI's `--json` and the report's summary.json. Every export is listed by
 * name, each documented with an example where it is a function.
 *
 * ```ts
 * import { loadScenario, comparePolicies, writeReport } from 'warmup-sim';
 * const scenario = loadScenario('scenarios/new-ips-engaged.yaml');
 * const comparison = await comparePolicies(scenario, { seeds: 10 });
 * await writeReport(comparison, 'reports/mine');
 * ```
 * @packageDocumentation
 */

// scenarios
export { loadScenario, validateScenario } from './api/scenario.ts';
export { ScenarioError, type LoadedScenario, type ScenarioIssue } from './scenario/load.ts';
export type {
  Scenario,
  IpSpec,
  SendingDomainSpec,
  AudienceSpec,
  SegmentSpec,
  StreamSpec,
  BulkStreamSpec,
  TransactionalStreamSpec,
  MtaSpec,
  PolicyUse,
  PrewarmSpec,
  ScriptSpec,
} from './spec/scenario.ts';

// runs, comparisons, sweeps, expectations, reports
export { runScenario, comparePolicies, sweep, type RunResult, type CompareOptions } from './api/runs.ts';
export { checkScenario } from './api/check.ts';
export {
  checkExpectations,
  formatText,
  formatJson,
  formatGithub,
  formatJunit,
  type FileReport,
  type CheckResult,
  type Expectation,
} from './check/index.ts';
export { writeComparisonReport as writeReport, type ReportFiles } from './report/write.ts';
export type { ExtraTable } from './report/html.ts';
export type { Comparison, VariantInput } from './metrics/comparison.ts';
export type {
  RunSummary,
  RunSeries,
  IpDaily,
  IpOutcome,
  StreamIpDaily,
  StreamOutcome,
  Outcome,
  DailyCounts,
  SndsRow,
  Percentiles,
} from './metrics/summary.ts';
export { bandOf, BANDS, type Band } from './metrics/bands.ts';

// replies
export { classifyReply, type ReplyInfo } from './api/classify.ts';
export type { Reply } from './smtp/reply.ts';
export { REPLY_CLASSES, type ReplyClass } from './smtp/classes.ts';

// writing a policy (zod for its parameters: `import { z } from 'warmup-sim'`)
export { z } from 'zod';
export { definePolicy, type PolicyDefinition, type PolicyContext, type Prepared, type ParamIssue } from './policies/definition.ts';
export { GIVE_UP, type Policy, type MtaControl, type MessageView } from './contracts/policy.ts';
export type { ObservedRow } from './contracts/observations.ts';
export { parseThrottle, formatThrottle, type ThrottleSpec } from './spec/throttle.ts';
export { parseDuration, formatDuration } from './spec/units.ts';
export { POLICIES } from './policies/registry.ts';

// real MTA logs
export {
  readLog,
  readKumoLog,
  readPowerMtaLog,
  readPostfixLog,
  readArfFeed,
  readComplaintCsv,
  readSnds,
  LogReadError,
  type LogRecord,
  type LogSummary,
  type LogFormat,
} from './logs/index.ts';

/** The discrete-event engine: clock, FIFO-at-equal-times event queue, timers. */
export { Simulation } from './engine/simulation.ts';
export type { Handler, EventId, Timer, RunOptions } from './engine/simulation.ts';
/** Seeded named random streams and their distributions. */
export { RandomStreams, RandomStream, fnv1a64 } from './engine/random.ts';
export type { StreamState } from './engine/random.ts';
