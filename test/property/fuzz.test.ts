/**
 * Scenario fuzzing: mutated scenario files (wrong types, missing and unknown keys, huge, negative
 * and non-finite numbers, empty lists, unicode, deep nesting, random bytes, truncation) never make
 * the loader throw anything but a located ScenarioError, and the CLI answers them with exit 2 and
 * one readable line per problem.
 */
import fc from 'fast-check';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { loadScenarioText, ScenarioError } from '../../src/scenario/load.ts';
import { fcParams } from '../support/fc-config.ts';

const seeds = [
  readFileSync('test/fixtures/scenarios/tiny.yaml', 'utf8'),
  ...readdirSync('scenarios')
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => readFileSync(`scenarios/${f}`, 'utf8')),
];

const weird = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme' }),
  fc.integer(),
  fc.constantFrom(1e308, -1e308, 2 ** 53 + 1, -1, -999999, 0, Number.NaN, Infinity, -Infinity, 1e-300),
  fc.boolean(),
  fc.constant(null),
  fc.constant([]),
  fc.constant({}),
  fc.array(fc.integer(), { maxLength: 3 }),
  fc.constant([[[1]]]),
  fc.integer({ min: 50, max: 400 }).map((d) => Array.from({ length: d }).reduce<unknown>((a) => [a], 'deep')),
);

/** All paths to values in a parsed document. */
function paths(v: unknown, prefix: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  out.push(prefix);
  if (Array.isArray(v)) v.forEach((x, i) => paths(x, [...prefix, i], out));
  else if (v !== null && typeof v === 'object') for (const [k, x] of Object.entries(v)) paths(x, [...prefix, k], out);
  return out;
}

function mutateStructure(text: string, pick: number, op: number, value: unknown, key: string): string {
  const doc = parse(text) as Record<string, unknown>;
  const all = paths(doc).filter((p) => p.length > 0);
  const p = all[pick % all.length]!;
  let parent: Record<string | number, unknown> = doc;
  for (const k of p.slice(0, -1)) parent = parent[k] as Record<string | number, unknown>;
  const last = p[p.length - 1]!;
  if (op === 0)
    parent[last] = value; // wrong type / weird value
  else if (op === 1) {
    if (Array.isArray(parent)) parent.splice(Number(last), 1);
    else delete parent[last]; // missing key
  } else if (op === 2 && !Array.isArray(parent))
    parent[key] = value; // unknown key
  else if (op === 3) parent[last] = []; // empty list / wrong container
  return stringify(doc, { lineWidth: 0 });
}

function mutateText(text: string, at: number, op: number, junk: string): string {
  const i = at % (text.length + 1);
  if (op === 0) return text.slice(0, i); // truncated
  if (op === 1) return text.slice(0, i) + junk + text.slice(i); // random bytes inserted
  if (op === 2) return text.slice(0, i) + junk + text.slice(i + junk.length); // overwritten
  const lines = text.split('\n');
  const k = i % lines.length;
  if (op === 3)
    lines.splice(k, 1); // a line deleted
  else lines.splice(k, 0, lines[(k * 7) % lines.length]!); // a line duplicated elsewhere
  return lines.join('\n');
}

const mutated = fc.oneof(
  fc
    .record({ s: fc.nat(seeds.length - 1), pick: fc.nat(), op: fc.nat(3), value: weird, key: fc.string({ minLength: 1, maxLength: 12 }) })
    .map((m) => mutateStructure(seeds[m.s]!, m.pick, m.op, m.value, m.key)),
  fc
    .record({
      s: fc.nat(seeds.length - 1),
      at: fc.nat(),
      op: fc.nat(4),
      junk: fc.oneof(
        fc.string({ maxLength: 20 }),
        fc.uint8Array({ maxLength: 20 }).map((b) => Buffer.from(b).toString('latin1')),
      ),
    })
    .map((m) => mutateText(seeds[m.s]!, m.at, m.op, m.junk)),
);

function checkLoad(text: string): 'ok' | 'error' {
  try {
    loadScenarioText(text, 'fuzz.yaml');
    return 'ok';
  } catch (e) {
    if (!(e instanceof ScenarioError)) throw new Error(`not a ScenarioError: ${(e as Error)?.stack ?? String(e)}`);
    expect(e.issues.length).toBeGreaterThan(0);
    for (const i of e.issues) {
      expect(i.file).toBe('fuzz.yaml');
      expect(i.line).toBeGreaterThanOrEqual(1);
      expect(i.col).toBeGreaterThanOrEqual(1);
      expect(i.message).not.toMatch(/\n/);
      expect(i.message.length).toBeGreaterThan(0);
    }
    return 'error';
  }
}

describe('scenario fuzzing', () => {
  it('thousands of mutated files: the loader returns a structured, located error or a scenario, never anything else', () => {
    const outcomes = { ok: 0, error: 0 };
    fc.assert(
      fc.property(mutated, (text) => {
        outcomes[checkLoad(text)]++;
      }),
      { ...fcParams(3000), interruptAfterTimeLimit: 45_000, markInterruptAsFailure: false },
    );
    console.log(
      `fuzz: ${outcomes.ok + outcomes.error} mutated files, ${outcomes.error} rejected with located errors, ${outcomes.ok} still valid`,
    );
    expect(outcomes.error).toBeGreaterThan(100);
  });

  it('the CLI answers broken files with exit 2 and one readable line per problem, never a stack trace', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fuzz-'));
    try {
      const files = fc
        .sample(
          mutated.filter((t) => checkLoad(t) === 'error'),
          { numRuns: 6, seed: 7 },
        )
        .map((t, i) => {
          const f = join(dir, `m${i}.yaml`);
          writeFileSync(f, t);
          return f;
        });
      const r = await new Promise<{ code: number; err: string }>((resolve) =>
        execFile(process.execPath, ['bin/warmup-sim.mjs', 'validate', ...files], { encoding: 'utf8' }, (e, _o, err) =>
          resolve({ code: e ? Number(e.code) : 0, err }),
        ),
      );
      expect(r.code).toBe(2);
      const lines = r.err.trim().split('\n');
      expect(lines.length).toBeGreaterThanOrEqual(files.length);
      for (const l of lines) expect(l).toMatch(/^\/.+\.yaml:\d+:\d+ .+/);
      expect(r.err).not.toMatch(/\n\s+at /);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
