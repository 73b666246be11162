/**
 * What checking expectations produces, as plain data (every format reads it): per expectation,
 * per policy (or compared pair), each comparison's values on every seed and their band, the
 * bound on the mean where one was asked for, the seeds that failed and how to replay them.
 */
import type { CmpOp } from './ast.ts';
import type { Kind } from './resolve.ts';
import type { Quantifier } from './schema.ts';
import type { Band } from './stats.ts';
import type { Truth } from './evaluate.ts';

export interface RunData {
  readonly summary: unknown;
  readonly series?: unknown;
}

export interface CheckRuns {
  /** The scenario file as the user named it (for replay lines and annotations). */
  readonly file: string;
  readonly scenario: string;
  readonly seeds: readonly number[];
  readonly policies: readonly string[];
  /** runs[policy index][seed index] */
  readonly runs: readonly (readonly RunData[])[];
}

export interface SideResult {
  readonly text: string;
  readonly constant: boolean;
  /** Per seed, in the order of CheckRuns.seeds. */
  readonly values: readonly (number | null)[];
  readonly band?: Band;
}

export interface BoundResult {
  readonly confidence: number;
  /** upper for < and <=, lower for > and >=. */
  readonly side: 'upper' | 'lower';
  /** Of the differences D = left - right over seeds. */
  readonly n: number;
  readonly mean: number;
  readonly sd: number;
  readonly halfWidth: number;
  /** mean + halfWidth (upper) or mean - halfWidth (lower): compared with 0. */
  readonly bound: number;
}

export interface ComparisonResult {
  readonly text: string;
  readonly op: CmpOp;
  readonly kind: Kind;
  /** How a null reads ("never"). */
  readonly none: string;
  readonly left: SideResult;
  readonly right: SideResult;
  /** left - right per seed, when neither side is a constant (compare: the paired differences). */
  readonly difference?: SideResult;
  /** Per seed: true, false, or null (a side had no value). */
  readonly perSeed: readonly Truth[];
  readonly bound?: BoundResult;
  /** For a bound: true, false, or null (a value was missing on some seed). */
  readonly boundHolds?: Truth;
}

export interface TargetResult {
  /** One policy, or the two of a compare. */
  readonly policies: readonly string[];
  readonly passed: boolean;
  readonly comparisons: readonly ComparisonResult[];
  /** Seeds on which the condition held. */
  readonly passing: number;
  /** Seeds needed (share form). */
  readonly required?: number;
  /** Seeds on which it did not hold, worst first. */
  readonly failedSeeds: readonly number[];
  /** Replay command lines for the worst failed seeds (up to 5 seeds). */
  readonly replay: readonly string[];
  /** Why it failed when no seed-level account says it (too few seeds, policy not run). */
  readonly reason?: string;
}

export interface CheckResult {
  readonly index: number;
  readonly label: string;
  readonly text: string;
  readonly quantifier: Quantifier;
  readonly at: { readonly line: number; readonly col: number };
  readonly passed: boolean;
  readonly targets: readonly TargetResult[];
}

export interface FileReport {
  readonly file: string;
  readonly scenario: string;
  readonly seeds: readonly number[];
  readonly results: readonly CheckResult[];
  readonly passed: boolean;
}
