/**
 * Parameter sweeps: a grid of scenario-field values (the cartesian product of `--grid PATH=v1,v2`),
 * each grid point running the chosen policies over N seeds. Work is a flat, ordered list of units
 * (variant x seed), so a run can be split deterministically into shards (`unit i` goes to shard
 * `i mod N`) and merged back into exactly the result a single machine would produce.
 */
import { stringify } from 'yaml';
import { variantInput } from './inputs.ts';
import type { Comparison, VariantInput } from '../metrics/comparison.ts';
import { integerOption, MAX_SEEDS, resolvePolicy, UsageError } from './run-scenario.ts';
import type { RunSeries, RunSummary } from '../metrics/summary.ts';
import type { PlanCriteria } from '../metrics/plan-verdict.ts';
import { loadScenarioText } from '../scenario/load.ts';
import { fnv1a64 } from '../engine/random.ts';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse as parseToml } from 'smol-toml';
import { pathSegments, splitSpec, splitValues } from './grid.ts';

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
  /** The scenario (YAML of the first grid point) and each variant's policy, parameters and grid point. */
  readonly inputs: { readonly yaml: string; readonly variants: readonly VariantInput[] };
}

export interface UnitResult {
  readonly index: number;
  readonly summary: RunSummary;
  readonly series: RunSeries;
}

/** "PATH=v1,v2,v3" -> axis; numbers and booleans are parsed, everything else stays a string (quoting and escapes: ./grid.ts). */
export function parseGrid(spec: string): GridAxis {
  const parts = splitSpec(spec);
  if (parts === undefined)
    throw new UsageError(
      `invalid --grid "${spec}" (expected PATH=v1,v2,... e.g. policies[0].microsoft.initial_rate_per_ip_per_hour=10,20,40)`,
    );
  return { path: parts.path, values: splitValues(parts.values) };
}

/** Splits 'a.b[2].c', 'a."x.y"' or 'a["x.y"]' into keys ("policies.<name>.x" resolved by policy name). */
export function pathKeys(path: string, raw: Record<string, unknown>): (string | number)[] {
  const keys = pathSegments(path);
  if (typeof keys === 'string') throw new UsageError(`invalid path "${path}": ${keys}`);
  if (keys[0] === 'policies' && typeof keys[1] === 'string') {
    const i = ((raw['policies'] as { name?: string }[] | undefined) ?? []).findIndex((p) => p.name === keys[1]);
    if (i < 0)
      throw new UsageError(
        `--grid ${path}: no policy named "${keys[1]}" in the scenario (policies: ${((raw['policies'] as { name?: string }[] | undefined) ?? []).map((p) => p.name).join(', ')})`,
      );
    keys[1] = i;
  }
  return keys;
}

/**
 * A copy of `obj` with `value` at `keys`. A string naming a TOML file (a KumoMTA shaping or queues
 * file) that the path goes through is read, relative to the scenario, and inlined in the copy.
 */
function setAt(obj: unknown, keys: readonly (string | number)[], value: unknown, path: string, baseDir: string): unknown {
  const root = structuredClone(obj) as Record<string | number, unknown>;
  let cur: Record<string | number, unknown> = root;
  keys.forEach((k, i) => {
    if (i === keys.length - 1) cur[k] = value;
    else {
      if (cur[k] === undefined) cur[k] = typeof keys[i + 1] === 'number' ? [] : {};
      const v = cur[k];
      if (typeof v === 'string' && v.endsWith('.toml')) {
        try {
          cur[k] = parseToml(readFileSync(resolve(baseDir, v), 'utf8'));
        } catch (e) {
          throw new UsageError(`--grid ${path}: cannot read "${v}" to vary a key inside it (${firstLine(String((e as Error).message))})`);
        }
      }
      if (typeof cur[k] !== 'object' || cur[k] === null)
        throw new UsageError(`--grid ${path}: "${String(k)}" is not an object in the scenario`);
      cur = cur[k] as Record<string | number, unknown>;
    }
  });
  return root;
}

const firstLine = (s: string) => s.split('\n')[0]!;

/** Every grid point (cartesian product) x policy x seed, in a fixed order. */
export function planSweep(o: {
  raw: Record<string, unknown>;
  file: string;
  baseDir: string;
  grid: readonly GridAxis[];
  seeds: number;
  policies?: readonly string[];
  /** The scenario file's text: shown as written (comments kept) when there is no grid. */
  text?: string;
}): SweepPlan {
  integerOption('--seeds', o.seeds, 1, MAX_SEEDS);
  let points: { label: string; raw: unknown; grid: Record<string, string | number | boolean> }[] = [{ label: '', raw: o.raw, grid: {} }];
  for (const axis of o.grid) {
    const keys = pathKeys(axis.path, o.raw);
    points = points.flatMap((pt) =>
      axis.values.map((v) => ({
        label: pt.label === '' ? `${axis.path}=${v}` : `${pt.label}, ${axis.path}=${v}`,
        raw: setAt(pt.raw, keys, v, axis.path, o.baseDir),
        grid: { ...pt.grid, [axis.path]: v },
      })),
    );
  }
  const variants: string[] = [];
  const inputs: VariantInput[] = [];
  const units: Unit[] = [];
  let seeds: number[] = [];
  let scenario = '',
    description = '';
  for (const pt of points) {
    const text = stringify(pt.raw, { lineWidth: 0 });
    const loaded = loadScenarioText(text, pt.label === '' ? o.file : `${o.file} (${pt.label})`, { baseDir: o.baseDir });
    scenario = loaded.scenario.name;
    description = loaded.scenario.description;
    seeds = Array.from({ length: o.seeds }, (_, k) => loaded.scenario.seed + k);
    const names = o.policies ?? loaded.scenario.policies.map((p) => p.name);
    for (const name of names) {
      resolvePolicy(loaded, name);
      const variant = variants.push(pt.label === '' ? name : `${name} [${pt.label}]`) - 1;
      inputs.push(variantInput(pt.raw, name, pt.grid));
      for (const seed of seeds) units.push({ index: units.length, variant, policy: name, seed, text });
    }
  }
  const id = fnv1a64(JSON.stringify({ variants, seeds, texts: [...new Set(units.map((u) => u.text))] }));
  const yaml = o.grid.length === 0 && o.text !== undefined ? o.text : stringify(points[0]!.raw, { lineWidth: 0 });
  return { scenario, description, file: o.file, baseDir: o.baseDir, variants, seeds, units, id, inputs: { yaml, variants: inputs } };
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
  return {
    scenario: plan.scenario,
    description: plan.description,
    seeds: plan.seeds,
    policies: plan.variants,
    runs,
    ...(plan.inputs !== undefined ? { inputs: plan.inputs } : {}),
  };
}
