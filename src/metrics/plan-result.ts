/** What `warmup-sim plan` found, as its report reads it (the run layer fills it in, src/run/plan/plan.ts). */
import type { Comparison } from './comparison.ts';
import type { PlanCriteria, SeedVerdict } from './plan-verdict.ts';
import type { VerdictStats } from './plan-stats.ts';

export interface PlanCandidate {
  readonly id: number;
  /** Search step that proposed it: design, coarse or fine. */
  readonly stage: string;
  /** The searched ramp parameters (ips, initial_per_hour, growth, clean_hours, retry_minutes, engaged_until_day). */
  readonly params: Readonly<Record<string, number>>;
  /** Capacity lower bound on its days to target (0-based day). */
  readonly lowerBound: number;
  readonly stats: VerdictStats;
  /** Median first day at target over its seeds that got there before any rule broke (NaN: none did). */
  readonly speed: number;
  /** Why it stopped before all seeds (unsafe, too-slow, clearly-unsafe, dominated, halving, pruned), after how many. */
  readonly dropped?: { readonly reason: string; readonly seeds: number };
}

/** One schedule row of the chosen plan (plan.csv). */
export interface PlanScheduleRow {
  readonly day: number;
  readonly ip: string;
  readonly provider: string;
  readonly hourlyCap: number;
  readonly dailyCap: number;
}

/** The chosen plan or a policy it is compared with, over the same seeds, run to the end. */
export interface PlanBaseline {
  readonly name: string;
  readonly kind: 'plan' | 'esp' | 'scenario';
  readonly stats: VerdictStats;
  readonly verdicts: readonly SeedVerdict[];
  /** Per seed: first day at target whether or not it stayed safe (null: never). */
  readonly reached: readonly (number | null)[];
}

export interface PlanResult {
  readonly scenario: string;
  readonly description: string;
  readonly criteria: PlanCriteria;
  readonly confidence: number;
  readonly seeds: readonly number[];
  /** The levels searched per parameter. */
  readonly space: readonly { readonly param: string; readonly levels: readonly number[] }[];
  /** The chosen plan: its candidate and its policy entry for a scenario file; undefined when none met the criteria. */
  readonly chosen: { readonly candidate: PlanCandidate; readonly policy: Readonly<Record<string, unknown>> } | undefined;
  readonly runnersUp: readonly PlanCandidate[];
  readonly candidates: readonly PlanCandidate[];
  readonly schedule: readonly PlanScheduleRow[];
  /** SendGrid's published hourly cap per IP by warm-up day, drawn beside the plan's schedule. */
  readonly sendgridHourly: readonly number[];
  /** The plan first, then the ESP schedules and the scenario's own policies. */
  readonly baselines: readonly PlanBaseline[];
  /** One sentence per baseline: whether the plan beats it on days to target at equal or lower risk. */
  readonly verdicts: readonly { readonly baseline: string; readonly beats: boolean; readonly text: string }[];
  readonly search: {
    readonly runs: number;
    readonly batches: number;
    /** The budget as given: "600 runs", or "5m of wall clock". */
    readonly budget: string;
    /** Why the search ended: it converged, or the run budget or the wall-clock limit cut it short. */
    readonly ended: 'converged' | 'budget' | 'time';
    readonly gridCandidates: number;
    readonly gridRuns: number;
    readonly comparisonRuns: number;
  };
  readonly comparison: Comparison;
}
