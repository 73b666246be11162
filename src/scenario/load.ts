/**
 * Loading a scenario file: YAML (duplicate keys are errors) -> schema -> normalised scenario.
 * Every problem becomes one line `file:line:col path: what is wrong (expected ...)`, located by
 * mapping the zod issue's path through the YAML document's node ranges; unknown keys get a
 * did-you-mean. Nothing here throws anything but {@link ScenarioError}.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { LineCounter, isMap, isPair, isScalar, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import type { Scenario } from '../spec/scenario.ts';
import { scenarioSchema, scenarioSchemaFor, suggest, toScenario } from './schema.ts';
import { findPolicy } from '../policies/registry.ts';
import type { PolicyUse } from '../spec/scenario.ts';
import { compileExpectations, type Expectation } from '../check/index.ts';

export { ScenarioError, type ScenarioIssue } from './error.ts';
import { ScenarioError, type ScenarioIssue } from './error.ts';

export interface LoadedScenario {
  readonly scenario: Scenario;
  /** The file's `expect:` entries, compiled against the metric catalogue (empty when it has none). */
  readonly expectations: readonly Expectation[];
  /** Directory of the file: policy parameters that name files resolve against it. */
  readonly baseDir: string;
  readonly file: string;
  /** The file's text as read (sweeps and the worker pool run units from it). */
  readonly text: string;
}

/** Reads and validates a scenario file. */
export function loadScenarioFile(path: string): LoadedScenario {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    const why =
      (e as NodeJS.ErrnoException).code === 'ENOENT'
        ? 'no such file'
        : (e as NodeJS.ErrnoException).code === 'EISDIR'
          ? 'is a directory'
          : String((e as Error).message);
    throw new ScenarioError([{ file: path, line: 1, col: 1, path: '', message: `cannot read the scenario (${why})` }]);
  }
  return loadScenarioText(text, path);
}

/**
 * Validates scenario text and reports every problem at once: the schema, then the passes that need
 * valid input (each policy's `prepare`, the `expect:` entries) on every part that is valid.
 * `file` names it in error messages; files it refers to resolve against `baseDir` (default: the
 * directory of `file`).
 */
export function loadScenarioText(text: string, file: string, o: { baseDir?: string } = {}): LoadedScenario {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: true });
  if (doc.errors.length > 0) {
    throw new ScenarioError(
      doc.errors.slice(0, 5).map((e) => ({
        file,
        line: e.linePos?.[0].line ?? 1,
        col: e.linePos?.[0].col ?? 1,
        path: '',
        message: `YAML ${e.code === 'DUPLICATE_KEY' ? 'duplicate key' : 'syntax error'}: ${firstLine(e.message)}`,
      })),
    );
  }
  let raw: unknown;
  try {
    raw = doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    throw new ScenarioError([{ file, line: 1, col: 1, path: '', message: `YAML: ${firstLine((e as Error).message)}` }]);
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new ScenarioError([
      {
        file,
        line: 1,
        col: 1,
        path: '',
        message: 'expected a mapping of scenario fields (name, duration, ips, domains, audience, streams, policies)',
      },
    ]);
  }
  const baseDir = o.baseDir ?? dirname(resolve(file));
  const schema = scenarioSchemaFor(baseDir);
  const r = schema.safeParse(raw);
  const at = (path: (string | number)[], message: string) =>
    locate({ code: 'custom', path, message, input: undefined } as z.core.$ZodIssue, doc, lineCounter, file, raw);
  // one issue per unknown key, so each gets its own location and suggestion
  const issues: ScenarioIssue[] = r.success
    ? []
    : r.error.issues
        .flatMap((i): z.core.$ZodIssue[] => (i.code === 'unrecognized_keys' ? i.keys.map((k) => ({ ...i, keys: [k] })) : [i]))
        .map((i) => locate(i, doc, lineCounter, file, raw));
  // the passes that need valid input run on every part that is valid, even when others are not
  const fields = raw as Record<string, unknown>;
  const entries = r.success ? r.data.policies : arrayAt(fields, 'policies').map((e) => schema.shape.policies.element.safeParse(e).data);
  const ips = arrayAt(fields, 'ips').flatMap((x) =>
    typeof (x as { address?: unknown })?.address === 'string' ? [(x as { address: string }).address] : [],
  );
  const prepared = preparePolicies(entries, baseDir, ips);
  for (const i of prepared.issues) issues.push(at(i.path, i.message));
  const specs = r.success ? r.data.expect : schema.shape.expect.safeParse(fields['expect']).data;
  const names = arrayAt(fields, 'policies').flatMap((p) =>
    typeof (p as { name?: unknown })?.name === 'string' ? [(p as { name: string }).name] : [],
  );
  const compiled = specs === undefined ? { expectations: [], issues: [] } : compileExpectations(specs, { file, text, policies: names });
  issues.push(...compiled.issues);
  if (!r.success || issues.length > 0) throw new ScenarioError(capped(sortIssues(issues), file));
  const scenario = toScenario(r.data);
  return {
    scenario: { ...scenario, policies: prepared.policies as PolicyUse[] },
    expectations: compiled.expectations,
    baseDir,
    file,
    text,
  };
}

/** Most problems one error lists (a file of 10,000 bad IPs would otherwise print 10,000 lines). */
const MAX_ISSUES = 100;

function capped(issues: ScenarioIssue[], file: string): ScenarioIssue[] {
  if (issues.length <= MAX_ISSUES) return issues;
  const rest = issues.length - MAX_ISSUES;
  return [
    ...issues.slice(0, MAX_ISSUES),
    { file, line: issues[MAX_ISSUES]!.line, col: issues[MAX_ISSUES]!.col, path: '', message: `and ${rest} more problems` },
  ];
}

/** In the file's order (a stable sort keeps each line's issues in the order they were found). */
function sortIssues(issues: ScenarioIssue[]): ScenarioIssue[] {
  return issues
    .map((i, n) => ({ i, n }))
    .sort((a, b) => a.i.line - b.i.line || a.i.col - b.i.col || a.n - b.n)
    .map((x) => x.i);
}

function arrayAt(o: Record<string, unknown>, key: string): unknown[] {
  const v = o[key];
  return Array.isArray(v) ? v : [];
}

/** Each valid policy entry's `prepare` step (files it refers to, read and checked), with issues under `policies[i]`. */
function preparePolicies(
  uses: readonly (PolicyUse | undefined)[],
  baseDir: string,
  ips: readonly string[],
): { policies: (PolicyUse | undefined)[]; issues: { path: (string | number)[]; message: string }[] } {
  const issues: { path: (string | number)[]; message: string }[] = [];
  const policies = uses.map((u, i) => {
    if (u === undefined) return u;
    const def = findPolicy(u.use, baseDir);
    const p = def?.prepare?.(u.params as never, { name: u.name, baseDir, ips });
    if (p === undefined) return u;
    if (!p.ok) {
      for (const x of p.issues) issues.push({ path: ['policies', i, ...x.path], message: x.message });
      return u;
    }
    return { ...u, params: p.params as Readonly<Record<string, unknown>> };
  });
  return { policies, issues };
}

function firstLine(s: string): string {
  return s.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
}

/** Turns a zod issue into a located, readable issue. */
function locate(issue: z.core.$ZodIssue, doc: Document, lc: LineCounter, file: string, raw: unknown): ScenarioIssue {
  const baseDir = dirname(resolve(file));
  const path = issue.path.filter((k): k is string | number => typeof k !== 'symbol');
  let message = issue.message;
  let at = path;
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0]!;
    at = [...path, key];
    message = `unknown key "${key}"${suggest(key, knownKeys(path, raw, baseDir))}`;
    const node = doc.getIn(path, true);
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === key);
      if (pair && isScalar(pair.key) && pair.key.range) return at2(pair.key.range[0], lc, file, fmtPath(at), message);
    }
  } else if (issue.code === 'invalid_type' && valueAt(raw, path) === undefined) {
    message = `missing (${issue.message.replace(/^Invalid input: /, '').replace(/, received undefined$/, '')})`;
  } else if (issue.code === 'invalid_union' && 'errors' in issue) {
    const first = issue.errors.flat()[0];
    if (first) message = first.message;
  }
  message = message.replace(/^Invalid input: /, '').replace(/^Invalid option: /, '');
  for (let n = at.length; n >= 0; n--) {
    const node = doc.getIn(at.slice(0, n), true) as { range?: [number, number, number] } | undefined;
    if (node?.range) return at2(node.range[0], lc, file, fmtPath(at), message);
  }
  return { file, line: 1, col: 1, path: fmtPath(at), message };
}

function valueAt(raw: unknown, path: readonly (string | number)[]): unknown {
  let v = raw;
  for (const k of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string | number, unknown>)[k];
  }
  return v;
}

function at2(offset: number, lc: LineCounter, file: string, path: string, message: string): ScenarioIssue {
  const pos = lc.linePos(offset);
  return { file, line: pos.line, col: pos.col, path, message };
}

function fmtPath(p: readonly (string | number)[]): string {
  return p.map((k, i) => (typeof k === 'number' ? `[${k}]` : i === 0 ? k : `.${k}`)).join('');
}

/** Keys the schema knows at an object path (for did-you-mean). */
function knownKeys(path: readonly (string | number)[], raw: unknown, baseDir: string): string[] {
  if (path[0] === 'policies' && typeof path[1] === 'number') {
    const use = (raw as { policies?: { use?: string }[] }).policies?.[path[1]]?.use;
    const def = use === undefined ? undefined : findPolicy(use, baseDir);
    const schema = def === undefined ? undefined : shapeAt(def.params, path.slice(2));
    return [...(path.length === 2 ? ['name', 'use'] : []), ...(schema ?? [])];
  }
  return shapeAt(scenarioSchema, path) ?? [];
}

/** Walks zod's internal definitions along `path` to the object's keys. */
function shapeAt(schema: z.ZodType, path: readonly (string | number)[]): string[] | undefined {
  let s = schema as unknown as { _zod: { def: Record<string, unknown> } };
  let i = 0;
  for (let guard = 0; guard < 64; guard++) {
    const def = s._zod.def;
    const t = def['type'];
    if (t === 'pipe') s = def['in'] as typeof s;
    else if (t === 'default' || t === 'optional' || t === 'nullable' || t === 'prefault' || t === 'catch') s = def['innerType'] as typeof s;
    else if (t === 'object') {
      const shape = def['shape'] as Record<string, typeof s>;
      if (i === path.length) return Object.keys(shape);
      const next = shape[String(path[i++])];
      if (next === undefined) return undefined;
      s = next;
    } else if (t === 'array') {
      if (i === path.length) return undefined;
      i++;
      s = def['element'] as typeof s;
    } else if (t === 'union') {
      const keys = (def['options'] as (typeof s)[]).flatMap((o) => shapeAt(o as never, path.slice(i)) ?? []);
      return keys.length > 0 ? [...new Set(keys)] : undefined;
    } else return undefined;
  }
  return undefined;
}
