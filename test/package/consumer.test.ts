/**
 * The package as a user gets it: `npm pack`, installed from the tarball into a scratch project in
 * a temporary folder, a consumer file type-checked with `strict: true`
 * and WITHOUT skipLibCheck (every .d.ts the package ships must compile against its own
 * dependencies), then compiled and run: it loads a scenario, runs a policy, compares two with the
 * worker pool, classifies a reply and checks a user policy with warmup-sim/testing. The README's
 * library and user-policy examples are type-checked beside it, so they cannot drift from the API.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve('.');
const npm = (args: string[], cwd: string) =>
  execFileSync('npm', args, {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, npm_config_audit: 'false', npm_config_fund: 'false' },
  });

const CONSUMER = `import { loadScenario, runScenario, comparePolicies, classifyReply, definePolicy, z, type Policy, type RunSummary } from 'warmup-sim';
import { checkPolicyContract } from 'warmup-sim/testing';

const scenario = loadScenario('scenario.yaml');
const { summary }: { summary: RunSummary } = runScenario(scenario, { policy: 'naive' });
const c = await comparePolicies(scenario, { seeds: 2, workers: 2 });
const reply = classifyReply('451 4.7.650 The mail server [192.0.2.1] has been temporarily rate limited due to IP reputation. (S775)');
const mine = definePolicy({
  name: 'mine',
  summary: 'a fixed hourly rate',
  source: 'consumer test',
  params: z.strictObject({ rate: z.number().default(20) }),
  create(p): Policy {
    return {
      name: 'mine',
      setup(m) {
        m.ips.forEach((_, ip) => m.setIpSelectionRate(ip, { limit: p.rate, period: 3600, maxBurst: 1 }));
      },
      onReply() {},
      retryAt: (_msg, _reply, now) => now + 1800,
    };
  },
});
const contract = checkPolicyContract(mine, { numRuns: 2, maxHours: 12 });
const { injected, delivered, bounced, expired, queuedAtEnd } = summary;
console.log(JSON.stringify({ injected, delivered, accounted: delivered + bounced + expired + queuedAtEnd, policies: c.policies, seeds: c.seeds.length, cls: reply.class, contract: contract.ok }));
`;

/** The README's TypeScript examples under these headings, type-checked as the consumer would write them. */
const README_EXAMPLES = ['## Use it from code', '## Your own policy'];

function readmeExamples(): string[] {
  const text = readFileSync(join(root, 'README.md'), 'utf8');
  return README_EXAMPLES.map((h) => {
    const at = text.indexOf(`\n${h}\n`);
    if (at < 0) throw new Error(`README.md has no section "${h}"`);
    const m = /```ts\n([\s\S]*?)```/.exec(text.slice(at));
    if (m === null) throw new Error(`README.md's "${h}" has no ts example`);
    return m[1]!;
  });
}

const SCENARIO = `name: consumer
duration: 2d
ips: [{ address: 192.0.2.10 }]
domains: [{ name: news.example.com }]
audience: { size: 2000, providers: { microsoft: 1 }, segments: [{ name: e, preset: engaged, share: 1 }] }
streams: [{ name: n, kind: bulk, domain: news.example.com, per_day: 300 }]
policies: [{ name: naive, use: naive }, { name: playbook, use: seed-playbook }]
`;

/** tsc with its diagnostics in the failure message (execFileSync's error only says "Command failed"). */
function tsc(dir: string): void {
  try {
    execFileSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'], {
      cwd: dir,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string };
    throw new Error(`tsc failed in the consumer project:\n${err.stdout ?? ''}${err.stderr ?? ''}`);
  }
}

/**
 * What `npm install ./warmup-sim-x.tgz` lays out, without the network: the tarball unpacked as
 * node_modules/warmup-sim, and beside it only the package's production dependency closure (as
 * `npm ls --omit=dev` resolves it here), linked from this checkout. A devDependency the shipped
 * code or its .d.ts files needed would be missing, so the check below would fail.
 */
function installOffline(dir: string, tgz: string): void {
  const modules = join(dir, 'node_modules');
  const pkg = join(modules, 'warmup-sim');
  mkdirSync(pkg, { recursive: true });
  execFileSync('tar', ['xzf', join(dir, tgz), '-C', pkg, '--strip-components=1']);
  const paths = npm(['ls', '--omit=dev', '--all', '--parseable'], root).split('\n');
  const top = new Set<string>();
  for (const p of paths) {
    const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(p);
    if (m) top.add(m[1]!);
  }
  for (const name of top) {
    if (name.startsWith('@')) mkdirSync(join(modules, name.split('/')[0]!), { recursive: true });
    symlinkSync(join(root, 'node_modules', name), join(modules, name), 'dir');
  }
}

/**
 * `npm pack` of this tree without touching its dist/ (the end-to-end tests run bin/warmup-sim.mjs,
 * which uses dist/ when it is fresh, while this test runs): the files npm would pack, except dist/,
 * copied to a stage folder, built there with the package's own build script, then packed. Returns
 * the tarball's name in `dir`.
 */
function packFromStage(dir: string): string {
  const listed = JSON.parse(npm(['pack', '--dry-run', '--json', '--ignore-scripts'], root)) as { files: { path: string }[] }[];
  const stage = join(dir, 'stage');
  for (const { path } of listed[0]!.files) if (!path.startsWith('dist/')) cpSync(join(root, path), join(stage, path), { recursive: true });
  for (const f of ['tsconfig.json', 'tsconfig.build.json']) cpSync(join(root, f), join(stage, f));
  symlinkSync(join(root, 'node_modules'), join(stage, 'node_modules'), 'dir');
  npm(['run', '-s', 'build'], stage);
  npm(['pack', '--ignore-scripts', '--pack-destination', dir], stage);
  return readdirSync(dir).find((f) => f.endsWith('.tgz'))!;
}

describe('the package in a consumer project', () => {
  it('installs from its tarball, type-checks with strict and without skipLibCheck, and runs', () => {
    const dir = mkdtempSync(join(tmpdir(), 'consumer-'));
    try {
      const tgz = packFromStage(dir);
      writeFileSync(
        join(dir, 'package.json'),
        JSON.stringify({ name: 'consumer', private: true, type: 'module', dependencies: { 'warmup-sim': `file:./${tgz}` } }),
      );
      installOffline(dir, tgz);
      // every compiled file has its source (the build starts from an empty dist/: no stale modules shipped)
      const shipped = execFileSync('tar', ['tzf', join(dir, tgz)], { encoding: 'utf8' }).split('\n');
      const stale = shipped
        .filter((f) => /^package\/dist\/.*\.js$/.test(f))
        .filter((f) => !shipped.includes(f.replace(/^package\/dist\//, 'package/src/').replace(/\.js$/, '.ts')));
      expect(stale).toEqual([]);
      writeFileSync(join(dir, 'scenario.yaml'), SCENARIO);
      writeFileSync(join(dir, 'consumer.ts'), CONSUMER);
      const examples = readmeExamples().map((code, i) => {
        writeFileSync(join(dir, `readme-${i}.ts`), code);
        return `readme-${i}.ts`;
      });
      writeFileSync(
        join(dir, 'tsconfig.json'),
        JSON.stringify({
          compilerOptions: {
            target: 'es2023',
            lib: ['es2023'],
            module: 'nodenext',
            moduleResolution: 'nodenext',
            strict: true,
            skipLibCheck: false,
            types: ['node'],
            outDir: 'out',
          },
          files: ['consumer.ts', ...examples],
        }),
      );
      // The consumer's own devDependency; linked, so it finds its undici-types beside it in this checkout.
      mkdirSync(join(dir, 'node_modules/@types'), { recursive: true });
      symlinkSync(join(root, 'node_modules/@types/node'), join(dir, 'node_modules/@types/node'), 'dir');
      tsc(dir);
      const out = execFileSync(process.execPath, ['out/consumer.js'], { cwd: dir, encoding: 'utf8' });
      const r = JSON.parse(out.trim().split('\n').pop()!) as {
        injected: number;
        delivered: number;
        accounted: number;
        policies: string[];
        seeds: number;
        cls: string;
        contract: boolean;
      };
      expect(r.injected).toBe(600);
      expect(r.delivered).toBeGreaterThan(0);
      expect(r.accounted).toBe(r.injected);
      expect(r.policies).toEqual(['naive', 'playbook']);
      expect(r.seeds).toBe(2);
      expect(r.cls).toBe('throttle');
      expect(r.contract).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 300_000);
});
