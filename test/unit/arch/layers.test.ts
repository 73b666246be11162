/**
 * The layer rules of .dependency-cruiser.cjs, proved on fixture trees (test/fixtures/layers/) and on a
 * generated tree with one import for every pair of layers. dependency-cruiser runs as `npm run lint:deps`
 * runs it: its CLI, preloading tools/typescript6.cjs so that its `tsc` parser gets TypeScript 6.0.3
 * (without it, TypeScript 7's package has no JS API and the cruiser reads almost no file).
 * The expected arrows below are written out from the layer list of the architecture issue, not from the config.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const fixtures = join(root, 'test/fixtures/layers');

interface Violation {
  from: string;
  to: string;
  rule: { name: string };
}
interface Cruise {
  modules: { source: string; dependencies: { resolved: string }[] }[];
  summary: { violations: Violation[]; totalCruised: number; optionsUsed: { parser?: string } };
}

/** Runs the dependency-cruiser CLI on `src` of `dir` with the project's config; its JSON output. */
function cruise(dir: string): Promise<Cruise> {
  const bin = join(root, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs');
  const args = ['-r', join(root, 'tools/typescript6.cjs'), bin, 'src', '--config', join(root, '.dependency-cruiser.cjs'), '-T', 'json'];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    // It exits with the number of errors it found; the JSON is complete either way.
    child.on('close', () => {
      try {
        resolve(JSON.parse(out) as Cruise);
      } catch {
        reject(new Error(`depcruise in ${dir} printed no JSON: ${err}`));
      }
    });
  });
}

const lines = (c: Cruise, skip: string[] = []): string[] =>
  c.summary.violations
    .filter((v) => !skip.includes(v.rule.name))
    .map((v) => `${v.rule.name}: ${v.from} -> ${v.to}`)
    .sort();

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)))
    .sort();
}

/** The target layers, bottom to top, and the other layers each may import (its own is always allowed). */
const BOTTOM = 'engine smtp spec contracts';
const MAY: Record<string, string> = {
  engine: '',
  smtp: 'engine',
  spec: 'engine smtp',
  contracts: 'engine smtp spec',
  audience: BOTTOM,
  metrics: BOTTOM,
  logs: BOTTOM, // on main, not in the list: where its imports put it
  receivers: `${BOTTOM} metrics`,
  policies: `${BOTTOM} metrics`,
  providers: `${BOTTOM} receivers metrics`,
  check: `${BOTTOM} metrics providers`, // on main, not in the list: where its imports put it
  insight: `${BOTTOM} metrics logs receivers`, // not in the list: answers from a sender's logs
  mail: `${BOTTOM} audience metrics`,
  scenario: `${BOTTOM} policies providers metrics check`,
  run: `${BOTTOM} audience metrics receivers logs policies providers check mail scenario`,
  live: `${BOTTOM} audience metrics providers scenario`,
  report: `${BOTTOM} metrics`, // and `import type` from run
  testing: `${BOTTOM} audience metrics receivers policies providers check mail scenario run`,
  api: `${BOTTOM} audience metrics receivers policies providers check mail scenario run report logs`,
  cli: 'engine smtp spec contracts audience metrics logs receivers policies providers check insight mail scenario run live testing report api',
};
const LAYERS = Object.keys(MAY);

/** The rule that an import from layer `from` to layer `to` must break, or undefined when it is allowed. */
function expectedRule(from: string, to: string, typeOnly: boolean): string | undefined {
  if (from === to || MAY[from]!.split(' ').includes(to)) return undefined;
  if (to === 'cli') return 'nothing-imports-cli';
  if (from === 'policies' && to === 'receivers') return 'policies-not-receivers';
  if (from === 'receivers' && to === 'policies') return 'receivers-not-policies';
  if (from === 'report' && to === 'run') return typeOnly ? undefined : 'report-run-types-only';
  return `layer-${from}`;
}

/** A tree with src/<to>/x.ts in every layer and src/<from>/to-<to>.ts (a value import) for every pair, plus report's type import. */
function writeMatrix(dir: string): void {
  for (const to of LAYERS) {
    mkdirSync(join(dir, 'src', to), { recursive: true });
    writeFileSync(join(dir, 'src', to, 'x.ts'), 'export const x = 1;\nexport type X = number;\n');
  }
  for (const from of LAYERS)
    for (const to of LAYERS)
      writeFileSync(join(dir, 'src', from, `to-${to}.ts`), `import { x } from '../${to}/x.ts';\nexport const y = x;\n`);
  writeFileSync(join(dir, 'src/report/type-from-run.ts'), "import type { X } from '../run/x.ts';\nexport const z: X = 1;\n");
}

let tmp = '';
const result: Record<string, Cruise> = {};

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'layers-'));
  writeMatrix(tmp);
  const dirs: Record<string, string> = {
    clean: join(fixtures, 'clean'),
    arrow: join(fixtures, 'policies-receivers'),
    other: join(fixtures, 'other-rules'),
    matrix: tmp,
  };
  const done = await Promise.all(Object.values(dirs).map(cruise));
  Object.keys(dirs).forEach((k, i) => (result[k] = done[i]!));
}, 60_000);

afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('dependency-cruiser layer rules', () => {
  it('reads every file of the clean fixture with the TypeScript parser, and every import in it', () => {
    const c = result.clean!;
    const dir = join(fixtures, 'clean');
    const files = filesUnder(join(dir, 'src')).map((f) => `src/${f}`);
    expect(c.summary.optionsUsed.parser).toBe('tsc');
    expect(c.modules.map((m) => m.source).sort()).toEqual(files);
    expect(c.summary.totalCruised).toBe(files.length);
    for (const m of c.modules) {
      const imports = readFileSync(join(dir, m.source), 'utf8').match(/^(import|export) .* from '/gm) ?? [];
      expect([m.source, m.dependencies.length]).toEqual([m.source, imports.length]);
    }
  });

  it('finds no violation in the clean fixture (every allowed kind of arrow once)', () => {
    expect(lines(result.clean!)).toEqual([]);
  });

  it('names the forbidden arrow policies -> receivers, and nothing else', () => {
    expect(lines(result.arrow!)).toEqual(['policies-not-receivers: src/policies/cheating.ts -> src/receivers/microsoft.ts']);
  });

  it('fires each of the other rules on its own deliberate mistake', () => {
    expect(lines(result.other!)).toEqual(
      [
        'known-folders-only: src/util/helpers.ts -> src/engine/a.ts',
        'no-circular: src/engine/a.ts -> src/engine/b.ts',
        'no-orphans: src/metrics/unused.ts -> src/metrics/unused.ts',
        'no-unresolvable: src/engine/missing.mjs -> ./no-such-file.mjs',
        'nothing-imports-cli: src/run/simulate.ts -> src/cli/main.ts',
        'receivers-not-policies: src/receivers/uses-policy.ts -> src/policies/support.ts',
        'report-run-types-only: src/report/write.ts -> src/run/simulate.ts',
        'src-not-outside-package: src/engine/outside.ts -> outside.ts',
        'src-not-test-or-bench: src/engine/uses-test.ts -> test/helper.ts',
      ].sort(),
    );
  });

  it('allows or forbids each of the 20 x 20 layer arrows as the layer list says', () => {
    const expected: string[] = [];
    for (const from of LAYERS)
      for (const to of LAYERS) {
        const rule = expectedRule(from, to, false);
        if (rule) expected.push(`${rule}: src/${from}/to-${to}.ts -> src/${to}/x.ts`);
      }
    expect(expectedRule('report', 'run', true)).toBeUndefined();
    expect(expected.length).toBe(246); // 380 arrows between distinct layers, 134 of them allowed
    // The to-*.ts files are imported by nothing: orphans by design here (no-orphans is proved above).
    expect(lines(result.matrix!, ['no-orphans'])).toEqual(expected.sort());
  });
});
