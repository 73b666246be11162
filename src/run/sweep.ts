/**
 * Parameter sweeps: a grid of scenario-field values (the cartesian product of `--grid PATH=v1,v2`),
 * each grid point running the chosen policies over N seeds. Work is a flat, ordered list of units
 * (variant x seed), so a run can be split deterministically into shards (`unit i` goes to shard
 * `i mod N`) and merged back into exactly the result a single machine would produce.
 */
import { stringify } from 'yaml';
import type { Comparison } from '../metrics/comparison.ts';
import { integerOption, MAX_SEEDS, UsageError } from './run-scenario.ts';
import type { RunSeries, RunSummary } from '../metrics/summary.ts';
import type { PlanCriteria } from '../metrics/plan-verdict.ts';
import { loadScenarioText } from '../scenario/load.ts';
import { fnv1a64 } from '../engine/random.ts';

export interface GridAxis {
  readonly path: string;
  readonly values: readonly (string | number | boolean)[];
}

export interface Unit {
  readonly index: number;
  /** Variant index: grid point x policy. */
  readonly variant: number;
  readonly policy: string;
  readonly seed: number;
  /** The scenario with this grid point applied, as YAML text. */
  readonly text: string;
  /** End the run as soon as its verdict against these criteria is decided (`plan`; metrics/plan-verdict.ts). */
  readonly stop?: PlanCriteria;
}

export interface SweepPlan {
  readonly scenario: string;
  readonly description: string;
  readonly file: string;
  readonly baseDir: string;
  readonly variants: readonly string[];
  readonly seeds: readonly number[];
  readonly units: readonly Unit[];
  /** Identifies the plan: shards of different plans cannot be merged. */
  readonly id: string;
}

export interface UnitResult {
  readonly index: number;
  readonly summary: RunSummary;
  readonly series: RunSeries;
}

/** "PATH=v1,v2,v3" -> axis; numbers and booleans are parsed, everything else stays a string. */
export function parseGrid(spec: string): GridAxis {
  const eq = spec.indexOf('=');
  if (eq <= 0 || eq === spec.length - 1)
    throw new UsageError(
      `invalid --grid "${spec}" (expected PATH=v1,v2,... e.g. policies[0].microsoft.initial_rate_per_ip_per_hour=10,20,40)`,
    );
  const values = spec
    .slice(eq + 1)
    .split(',')
    .map((v) => v.trim())
    .filter((v) => v !== '')
    .map((v) => (v === 'true' ? true : v === 'false' ? false : /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : v));
  return { path: spec.slice(0, eq).trim(), values };
}

/** Splits "a.b[2].c" (or "policies.<name>.x", resolved by policy name) into keys. */
export function pathKeys(path: string, raw: Record<string, unknown>): (string | number)[] {
  const keys: (string | number)[] = [];
  for (const part of path.split('.')) {
    const m = /^([^[\]]*)((?:\[\d+\])*)$/.exec(part);
    if (!m) throw new UsageError(`invalid path "${path}"`);
    if (m[1] !== '') keys.push(m[1]!);
    for (const idx of m[2]!.matchAll(/\[(\d+)\]/g)) keys.push(Number(idx[1]));
  }
  if (keys[0] === 'policies' && typeof keys[1] === 'string') {
    const i = ((raw['policies'] as { name?: string }[] | undefined) ?? []).findIndex((p) => p.name === keys[1]);
    if (i < 0) throw new UsageError(`--grid ${path}: no policy named "${keys[1]}"`);
    keys[1] = i;
  }
  return keys;
}

function setAt(obj: unknown, keys: readonly (string | number)[], value: unknown, path: string): unknown {
  const root = structuredClone(obj) as Record<string | number, unknown>;
  let cur: Record<string | number, unknown> = root;
  keys.forEach((k, i) => {
    if (i === keys.length - 1) cur[k] = value;
    else {
      if (cur[k] === undefined) cur[k] = typeof keys[i + 1] === 'number' ? [] : {};
      if (typeof cur[k] !== 'object' || cur[k] === null)
        throw new UsageError(`--grid ${path}: "${String(k)}" is not an object in the scenario`);
      cur = cur[k] as Record<string | number, unknown>;
    }
  });
  return root;
}

/** Every grid point (cartesian product) x policy x seed, in a fixed order. */
export function planSweep(o: {
  raw: Record<string, unknown>;
  file: string;
  baseDir: string;
  grid: readonly GridAxis[];
  seeds: number;
  policies?: readonly string[];
}): SweepPlan {
  integerOption('--seeds', o.seeds, 1, MAX_SEEDS);
  let points: { label: string; raw: unknown }[] = [{ label: '', raw: o.raw }];
  for (const axis of o.grid) {
    const keys = pathKeys(axis.path, o.raw);
    points = points.flatMap((pt) =>
      axis.values.map((v) => ({
        label: pt.label === '' ? `${axis.path}=${v}` : `${pt.label}, ${axis.path}=${v}`,
        raw: setAt(pt.raw, keys, v, axis.path),
      })),
    );
  }
  const variants: string[] = [];
  const units: Unit[] = [];
  let seeds: number[] = [];
  let scenario = '',
    description = '';
  for (const pt of points) {
    const text = stringify(pt.raw, { lineWidth: 0 });
    const loaded = loadScenarioText(text, pt.label === '' ? o.file : `${o.file} (${pt.label})`);
    scenario = loaded.scenario.name;
    description = loaded.scenario.description;
    seeds = Array.from({ length: o.seeds }, (_, k) => loaded.scenario.seed + k);
    const names = o.policies ?? loaded.scenario.policies.map((p) => p.name);
    for (const name of names) {
      if (!loaded.scenario.policies.some((p) => p.name === name)) throw new UsageError(`no policy named "${name}" in ${o.file}`);
      const variant = variants.push(pt.label === '' ? name : `${name} [${pt.label}]`) - 1;
      for (const seed of seeds) units.push({ index: units.length, variant, policy: name, seed, text });
    }
  }
  const id = fnv1a64(JSON.stringify({ variants, seeds, texts: [...new Set(units.map((u) => u.text))] }));
  return { scenario, description, file: o.file, baseDir: o.baseDir, variants, seeds, units, id };
}

/** The units of shard k (1-based) of n. */
export function shardUnits(plan: SweepPlan, k: number, n: number): Unit[] {
  return plan.units.filter((u) => u.index % n === k - 1);
}

/** Results (all units, any order) -> the comparison a report is written from. */
export function toComparison(plan: SweepPlan, results: readonly UnitResult[]): Comparison {
  const byIndex = new Map(results.map((r) => [r.index, r]));
  const missing = plan.units.filter((u) => !byIndex.has(u.index));
  if (missing.length > 0)
    throw new UsageError(`incomplete sweep: ${missing.length} of ${plan.units.length} runs missing (merge every shard)`);
  const runs = plan.variants.map((_, v) =>
    plan.units
      .filter((u) => u.variant === v)
      .map((u) => {
        const r = byIndex.get(u.index)!;
        return { summary: { ...r.summary, policy: plan.variants[v]! }, series: r.series };
      }),
  );
  return { scenario: plan.scenario, description: plan.description, seeds: plan.seeds, policies: plan.variants, runs };
}
