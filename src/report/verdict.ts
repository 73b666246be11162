/**
 * The verdict: which policy, and why. Policies are ranked by a fixed rule, each key compared on
 * the mean over seeds and consulted only when every earlier key ties:
 *   1. blocks at any provider: fewer blocked IP-days, then fewer block-class replies;
 *   2. reaching the target: fewer seeds that never reach it, then fewer days to it;
 *   3. days outside Healthy/Watch at Microsoft (Throttle, Pause or Blocked days);
 *   4. p95 latency of all mail (never-delivered mail counts as never, still-queued mail at its age);
 *   5. attempts per delivered message.
 * Each policy gets a one-line reason (the key that put it behind the one above), and the seed
 * article's band of its whole-run Microsoft rates. The paired sign test needs enough seeds: with
 * n seeds its smallest p is 2 / 2^n (0.25 with 3), so below 6 seeds no difference can reach
 * p < 0.05, and the verdict says so.
 */
import type { Comparison } from '../metrics/comparison.ts';
import type { RunSummary } from '../metrics/summary.ts';
import { bandOf, type Band } from '../metrics/bands.ts';
import { fmtValue } from './format.ts';
import { seedsForSignP, signTest, smallestSignP } from './stats.ts';

const VERDICT_RULE = [
  'blocks at any provider (fewer blocked IP-days, then fewer block replies)',
  'reaching the target (fewer seeds that never reach it, then fewer days)',
  'days outside Healthy/Watch at Microsoft',
  'p95 latency of all mail (never-delivered mail counts as never, still-queued mail at its age)',
  'attempts per delivered message',
] as const;

export interface RankedPolicy {
  readonly rank: number;
  readonly policy: string;
  readonly reason: string;
  /** The seed article's band of the whole-run Microsoft deferral rate and block share (pooled over seeds). */
  readonly band: Band | null;
  readonly keys: {
    readonly blockedIpDays: number;
    readonly blockReplies: number;
    readonly seedsNotReaching: number;
    readonly daysToTarget: number;
    readonly msDaysOutside: number;
    readonly p95: number;
    readonly attemptsPerDelivered: number;
  };
}

export interface Verdict {
  readonly rule: readonly string[];
  readonly ranking: readonly RankedPolicy[];
  readonly seeds: number;
  /** Smallest sign-test p these seeds can give, and the seeds that p < 0.05 needs. */
  readonly smallestP: number;
  readonly seedsNeeded: number;
  /** The first against the second on every seed, on the key that separated them (null with one policy). */
  readonly topPair: {
    readonly a: string;
    readonly b: string;
    readonly wins: number;
    readonly losses: number;
    readonly ties: number;
    readonly p: number;
  } | null;
  readonly warning: string | null;
}

type Keys = RankedPolicy['keys'];

const mean = (xs: readonly number[]) => (xs.length === 0 ? Number.NaN : xs.reduce((a, b) => a + b, 0) / xs.length);
const blockReplies = (s: RunSummary) => Object.values(s.blocksByProvider).reduce((a, b) => a + b, 0);
const outside = (s: RunSummary) => s.microsoft.daysInBand.throttle + s.microsoft.daysInBand.pause + s.microsoft.daysInBand.blocked;

/** Per-run values of the keys, in rule order, as tuples; lower is better. */
const PER_RUN: readonly ((s: RunSummary) => number)[] = [
  (s) => s.blockedIpDays,
  blockReplies,
  (s) => (s.target > 0 && s.daysToTarget === null ? 1 : 0),
  (s) => s.daysToTarget ?? Number.NaN,
  outside,
  (s) => s.latency.all.p95,
  (s) => s.attemptsPerDelivered,
];
/** Which rule step each tuple entry belongs to. */
const STEP = [0, 0, 1, 1, 2, 3, 4];

function keysOf(runs: readonly RunSummary[]): Keys {
  const targeted = runs.filter((s) => s.target > 0);
  const reached = targeted.filter((s) => s.daysToTarget !== null);
  return {
    blockedIpDays: mean(runs.map((s) => s.blockedIpDays)),
    blockReplies: mean(runs.map(blockReplies)),
    seedsNotReaching: targeted.length - reached.length,
    daysToTarget: targeted.length === 0 ? Number.NaN : reached.length === 0 ? Infinity : mean(reached.map((s) => s.daysToTarget!)),
    msDaysOutside: mean(runs.map(outside)),
    p95: mean(runs.map((s) => s.latency.all.p95).filter((x) => !Number.isNaN(x))),
    attemptsPerDelivered: mean(runs.map((s) => s.attemptsPerDelivered)),
  };
}

const tuple = (k: Keys) => [
  k.blockedIpDays,
  k.blockReplies,
  k.seedsNotReaching,
  k.daysToTarget,
  k.msDaysOutside,
  k.p95,
  k.attemptsPerDelivered,
];

/** NaN (no data) sorts last. */
function cmp(a: number, b: number): number {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) === Number.isNaN(b) ? 0 : Number.isNaN(a) ? 1 : -1;
  return a === b ? 0 : a < b ? -1 : 1;
}

/** Index of the first tuple entry where a and b differ (-1: they tie on every key). */
function firstDiff(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < a.length; i++) if (cmp(a[i]!, b[i]!) !== 0) return i;
  return -1;
}

function facts(k: Keys, seeds: number): string {
  const blocks =
    k.blockReplies === 0 ? 'no blocks' : `${fmtValue(k.blockedIpDays, '')} blocked IP-days, ${fmtValue(k.blockReplies, '')} block replies`;
  const target = Number.isNaN(k.daysToTarget)
    ? 'no target volume'
    : k.seedsNotReaching === seeds
      ? 'target never reached'
      : `target on day ${fmtValue(k.daysToTarget, 'days')}${k.seedsNotReaching > 0 ? ` (never in ${k.seedsNotReaching} of ${seeds} seeds)` : ''}`;
  return `${blocks}; ${target}; ${fmtValue(k.msDaysOutside, 'days')} days outside Healthy/Watch at Microsoft; p95 ${fmtValue(k.p95, 's')}; ${fmtValue(k.attemptsPerDelivered, '')} attempts per delivered`;
}

function pooledBand(runs: readonly RunSummary[]): Band | null {
  let a = 0,
    df = 0,
    bl = 0;
  for (const s of runs) {
    const m = s.providers['microsoft'];
    if (m === undefined) continue;
    a += m.attempts;
    df += m.deferred;
    bl += m.blocked;
  }
  return a > 0 ? bandOf(df / a, bl / a) : null;
}

export function verdict(c: Comparison): Verdict {
  const n = c.seeds.length;
  const rows = c.policies.map((policy, i) => {
    const runs = c.runs[i]!.map((r) => r.summary);
    const keys = keysOf(runs);
    return { policy, i, runs, keys, t: tuple(keys) };
  });
  rows.sort((x, y) => {
    const d = firstDiff(x.t, y.t);
    return d < 0 ? x.i - y.i : cmp(x.t[d]!, y.t[d]!);
  });
  let rank = 0;
  const ranking = rows.map((r, j): RankedPolicy => {
    const prev = rows[j - 1];
    const d = prev === undefined ? -1 : firstDiff(prev.t, r.t);
    if (prev === undefined || d >= 0) rank = j + 1;
    const why =
      prev === undefined
        ? 'first'
        : d < 0
          ? `tied with ${prev.policy} on every key`
          : `behind ${prev.policy} on ${VERDICT_RULE[STEP[d]!]!.replace(/ \(.*\)$/, '')}`;
    return { rank, policy: r.policy, reason: `${why}: ${facts(r.keys, n)}`, band: pooledBand(r.runs), keys: r.keys };
  });
  let topPair: Verdict['topPair'] = null;
  if (rows.length > 1) {
    const [a, b] = rows as [(typeof rows)[0], (typeof rows)[0]];
    const d = Math.max(0, firstDiff(a.t, b.t));
    let wins = 0,
      losses = 0,
      ties = 0;
    a.runs.forEach((s, k) => {
      const x = PER_RUN[d]!(s),
        y = PER_RUN[d]!(b.runs[k]!);
      const r = cmp(x, y);
      if (r === 0) ties++;
      else if (r < 0) wins++;
      else losses++;
    });
    topPair = { a: a.policy, b: b.policy, wins, losses, ties, p: signTest(wins, losses) };
  }
  const smallestP = smallestSignP(n),
    seedsNeeded = seedsForSignP(0.05);
  const warning =
    n < seedsNeeded
      ? `With ${n} seed${n === 1 ? '' : 's'} the paired sign test cannot reach p < 0.05 (its smallest p is ${smallestP.toFixed(3)}, when one policy wins on every seed): run ${seedsNeeded} or more seeds (--seeds ${seedsNeeded}) before trusting a close ranking.`
      : null;
  return { rule: VERDICT_RULE, ranking, seeds: n, smallestP, seedsNeeded, topPair, warning };
}
