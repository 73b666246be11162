/**
 * End-to-end: the CLI never lies or hangs on bad command lines. Every integer flag of every command
 * rejects what is not an integer; output paths that cannot be written fail at once; unknown
 * commands, options and policies get a did-you-mean and point at the command's --help; library
 * policies run by name; --version is warmup-sim's own; help wraps to the terminal width.
 */
import {
  chmodSync,
  copyFileSync,
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli } from '../support/cli.ts';

const TINY = 'test/fixtures/scenarios/tiny.yaml';
const tmp = mkdtempSync(join(tmpdir(), 'wsim-input-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('integer flags', () => {
  // [command line before the flag, flag]: every integer flag of every command
  const flags: [string[], string][] = [
    [['run', TINY], '--seed'],
    [['compare', TINY], '--seeds'],
    [['compare', TINY], '--workers'],
    [['sweep', TINY], '--seeds'],
    [['sweep', TINY], '--workers'],
    [['check', TINY], '--seeds'],
    [['check', TINY], '--workers'],
    [['logs', 'postfix', 'nope.log'], '--year'],
    [['logs', 'postfix', 'nope.log'], '--utc-offset'],
  ];
  const range: Record<string, string> = {
    '--seed': 'an integer',
    '--seeds': 'an integer from 1 to 10000',
    '--workers': 'an integer >= 1',
    '--year': 'an integer from 1970 to 9999',
    '--utc-offset': 'an integer from -720 to 840',
  };
  // every flag once; the other kinds of bad value on one flag each (the unit tests of parseInteger cover the rest)
  const cases: [string[], string[], string][] = [
    ...flags.map(([pre, flag]): [string[], string[], string] => [pre, [flag, 'abc'], `${flag} must be ${range[flag]}, got "abc"`]),
    [['sweep', TINY], ['--seeds', '1.5'], '--seeds must be an integer from 1 to 10000, got 1.5'],
    [['run', TINY], ['--seed', ''], '--seed needs a value (an integer)'],
    [['compare', TINY], ['--seeds'], '--seeds needs a value'],
    [['check', TINY], ['--workers', '3', '--workers', '4'], '--workers given 2 times; give it once (an integer >= 1)'],
  ];
  it.concurrent.each(cases)('%j %j: exit 2, one line', async (pre, args, message) => {
    const r = await cli([...pre, ...args]);
    expect(r.code).toBe(2);
    expect(r.err).toBe(`error: ${message} (see warmup-sim ${pre[0]} --help)\n`);
    expect(r.out).toBe('');
  });

  it.concurrent.each([
    [['compare', TINY, '--seeds', '0'], '--seeds must be an integer from 1 to 10000, got 0'],
    [['sweep', TINY, '--workers', '-1'], '--workers must be an integer >= 1, got -1'],
    [['logs', 'postfix', 'nope.log', '--utc-offset', '900'], '--utc-offset must be an integer from -720 to 840, got 900'],
  ])('%j: out of range', async (args, message) => {
    const r = await cli(args);
    expect([r.code, r.err]).toEqual([2, `error: ${message} (see warmup-sim ${args[0]} --help)\n`]);
  });

  it.concurrent('run --seed -3 and --seed=007 are integers', async () => {
    const [a, b] = await Promise.all([cli(['run', TINY, '--seed=-3', '--json']), cli(['run', TINY, '--seed', '007', '--json'])]);
    expect([a.code, b.code]).toEqual([0, 0]);
    expect((JSON.parse(a.out) as { seed: number }).seed).toBe(-3);
    expect((JSON.parse(b.out) as { seed: number }).seed).toBe(7);
  });
});

describe('output paths', () => {
  const file = join(tmp, 'a-file');
  writeFileSync(file, 'x');
  const ro = join(tmp, 'read-only');
  mkdirSync(ro);
  chmodSync(tmp, 0o755);
  chmodSync(ro, 0o555);
  // root writes anywhere: run the unwritable case as nobody so it means the same for everyone
  const asNobody = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
  const run = (flag: string, path: string) => ['run', resolve(TINY), '--quiet', flag, path];

  it.concurrent.each([
    [run('--out', file), {}, `--out ${file}: is a file, not a directory`],
    [run('--out', join(file, 'sub', 'dir')), {}, `--out ${join(file, 'sub', 'dir')}: ${file} is a file, not a directory`],
    [run('--out', '/proc/warmup-sim/report'), {}, '--out /proc/warmup-sim/report: cannot write in /proc (cannot create entries there)'],
    [run('--out', join(ro, 'report')), asNobody, `--out ${join(ro, 'report')}: cannot write in ${ro} (permission denied)`],
    [run('--trace', tmp), {}, `--trace ${tmp}: is a directory, expected a file name`],
    [run('--trace', '/proc/warmup-sim.jsonl'), {}, '--trace /proc/warmup-sim.jsonl: cannot write in /proc (cannot create entries there)'],
    [
      ['compare', resolve(TINY), '--out', '/proc/x', '--workers', '1'],
      {},
      '--out /proc/x: cannot write in /proc (cannot create entries there)',
    ],
    [['sweep', resolve(TINY), '--out', file, '--workers', '1'], {}, `--out ${file}: is a file, not a directory`],
    [['merge', 'nope.json', '--out', '/proc/x'], {}, '--out /proc/x: cannot write in /proc (cannot create entries there)'],
    [['check', resolve(TINY), '--junit', '/proc/x.xml'], {}, '--junit /proc/x.xml: cannot write in /proc (cannot create entries there)'],
    [
      ['logs', 'postfix', 'nope.log', '--records', '/proc/x.jsonl'],
      {},
      '--records /proc/x.jsonl: cannot write in /proc (cannot create entries there)',
    ],
  ] as [string[], object, string][])('%j: exit 2 before any work', async (args, o, message) => {
    const r = await cli(args, { ...o, cwd: tmp, timeout: 30_000 });
    expect(r.err).toBe(`error: ${message} (see warmup-sim ${args[0]} --help)\n`);
    expect([r.code, r.out]).toEqual([2, '']);
  });
});

describe('unknown names: did you mean, and the --help to read', () => {
  it.concurrent.each([
    [['rn', TINY], 'unknown command "rn", did you mean "run"? (see warmup-sim --help)'],
    [['frobnicate'], 'unknown command "frobnicate" (see warmup-sim --help)'],
    [['run', TINY, '--seeed', '3'], 'unknown option --seeed, did you mean --seed? (see warmup-sim run --help)'],
    [['compare', TINY, '--polices', 'a'], 'unknown option --polices, did you mean --policies? (see warmup-sim compare --help)'],
    [['sweep', TINY, '--grd', 'a=1'], 'unknown option --grd, did you mean --grid? (see warmup-sim sweep --help)'],
    [['logs', 'postfix', 'x', '--utc-ofset', '60'], 'unknown option --utc-ofset, did you mean --utc-offset? (see warmup-sim logs --help)'],
    [['classify', 'x', '--jsn'], 'unknown option --jsn, did you mean --json or --jsonl? (see warmup-sim classify --help)'],
    [['run', TINY, '--frob'], 'unknown option --frob (see warmup-sim run --help)'],
    [['run', TINY, 'extra'], 'unexpected argument "extra" (see warmup-sim run --help)'],
    [['run'], 'run needs <file> (see warmup-sim run --help)'],
    [
      ['logs', 'postfx', 'x.log'],
      'invalid format "postfx" (expected one of: kumomta, powermta, postfix, arf, complaint-csv, snds), did you mean "postfix"? (see warmup-sim logs --help)',
    ],
    [
      ['check', TINY, '--format', 'txt'],
      'invalid --format "txt" (expected one of: text, json, github), did you mean "text"? (see warmup-sim check --help)',
    ],
    [['merge', 'part.json'], 'missing --out (see warmup-sim merge --help)'],
  ])('%j', async (args, message) => {
    const r = await cli(args);
    expect([r.code, r.err]).toEqual([2, `error: ${message}\n`]);
  });

  const known =
    "(the scenario's: playbook, naive; the library's: seed-playbook, fixed-schedule, kumomta, powermta, postfix, exim, aimd, naive, ramp)";
  it.concurrent.each([
    [['run', TINY, '--policy', 'kumomt'], `no policy named "kumomt" ${known}, did you mean "kumomta"?`],
    [['compare', TINY, '--policies', 'naive,playbok', '--workers', '1'], `no policy named "playbok" ${known}, did you mean "playbook"?`],
    [['sweep', TINY, '--policies', 'zzz', '--workers', '1'], `no policy named "zzz" ${known}`],
    [
      ['sweep', TINY, '--grid', 'policies.nav.retry_after=5m', '--workers', '1'],
      '--grid policies.nav.retry_after: no policy named "nav" in the scenario (policies: playbook, naive)',
    ],
  ])('%j: an unknown policy lists the available ones', async (args, message) => {
    const r = await cli([...args, '--quiet', '--out', join(tmp, 'never')]);
    expect([r.code, r.err]).toEqual([2, `error: ${message} (see warmup-sim ${args[0]} --help)\n`]);
  });

  it.concurrent('a library policy the scenario does not name runs with its defaults', async () => {
    const [run, cmp] = await Promise.all([
      cli(['run', TINY, '--policy', 'powermta', '--json']),
      cli(['compare', TINY, '--policies', 'naive,exim', '--seeds', '1', '--workers', '1', '--quiet', '--json', '--out', join(tmp, 'lib')]),
    ]);
    expect(run.err).toBe('');
    expect(JSON.parse(run.out)).toMatchObject({ policy: 'powermta', seed: 4 });
    expect(cmp.code, cmp.err).toBe(0);
    expect((JSON.parse(cmp.out) as { policies: { policy: string }[] }).policies.map((p) => p.policy)).toEqual(['naive', 'exim']);
  });
});

describe('--version and --help', () => {
  it.concurrent("--version is warmup-sim's own when it is installed as a host project's dependency", async () => {
    // the layout npm gives a host project: its own package.json, warmup-sim and its dependencies
    // side by side under node_modules (symlinks kept as paths, as if copied)
    const host = join(tmp, 'host');
    const pkg = join(host, 'node_modules', 'warmup-sim');
    mkdirSync(pkg, { recursive: true });
    writeFileSync(join(host, 'package.json'), JSON.stringify({ name: 'host-app', version: '9.9.9' }));
    copyFileSync('package.json', join(pkg, 'package.json'));
    cpSync('bin', join(pkg, 'bin'), { recursive: true });
    for (const d of ['src', 'dist']) symlinkSync(resolve(d), join(pkg, d));
    for (const d of readdirSync('node_modules')) symlinkSync(resolve('node_modules', d), join(host, 'node_modules', d));
    const r = await cli(['--version'], {
      cwd: host,
      bin: join(pkg, 'bin', 'warmup-sim.mjs'),
      node: ['--preserve-symlinks', '--preserve-symlinks-main'],
    });
    expect(r.err).toBe('');
    const own = (JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version;
    expect(own).not.toBe('9.9.9');
    expect(r.out).toBe(`${own}\n`);
  });

  it.concurrent.each([60, 100, 160])('help wraps to a %i-column terminal', async (columns) => {
    const r = await cli(['sweep', '--help'], { env: { COLUMNS: String(columns) } });
    expect(r.code).toBe(0);
    const widths = r.out.split('\n').map((l) => l.length);
    expect(Math.max(...widths)).toBeLessThanOrEqual(columns);
    expect(Math.max(...widths)).toBeGreaterThan(columns - 20);
  });
});
