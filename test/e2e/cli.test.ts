/**
 * End-to-end: every command through the CLI as shipped (bin/warmup-sim.mjs), in child processes,
 * checking stdout, stderr and exit codes.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';

/** Runs the CLI asynchronously (so concurrent tests overlap). */
function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['bin/warmup-sim.mjs', ...args],
      { encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0' }, maxBuffer: 64 << 20 },
      (error, stdout, stderr) => {
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, out: stdout, err: stderr });
      },
    );
  });
}
const fx = (name: string) => `test/fixtures/scenarios/${name}.yaml`;

describe('warmup-sim CLI', () => {
  it.concurrent('validate: every bundled scenario passes', async () => {
    const files = readdirSync('scenarios')
      .filter((f) => f.endsWith('.yaml'))
      .map((f) => `scenarios/${f}`);
    expect(files.length).toBeGreaterThanOrEqual(9);
    const r = await cli('validate', ...files, fx('tiny'));
    expect(r.code).toBe(0);
    for (const f of files) expect(r.out).toContain(`${f}: ok`);
  });

  it.concurrent.each([
    ['yaml-syntax', /^test\/fixtures\/scenarios\/yaml-syntax\.yaml:5:1 YAML syntax error: /],
    ['wrong-type', /^test\/fixtures\/scenarios\/wrong-type\.yaml:10:9 audience\.size: expected number, received string$/],
    ['unknown-key', /^test\/fixtures\/scenarios\/unknown-key\.yaml:4:1 retries: unknown key "retries"$/],
    [
      'negative-duration',
      /^test\/fixtures\/scenarios\/negative-duration\.yaml:4:11 duration: invalid duration "-2d" \(expected e\.g\. "30m", "2h", "7d" or seconds >= 0\)$/,
    ],
    [
      'bad-policy-param',
      /^test\/fixtures\/scenarios\/bad-policy-param\.yaml:19:45 policies\[1\]\.retry_after: invalid duration "30 minits"/,
    ],
  ])('validate: %s gives file:line:col, the path, and exit 2', async (name, line) => {
    const r = await cli('validate', fx(name));
    expect(r.code).toBe(2);
    expect(r.err.split('\n')[0]).toMatch(line);
    expect(r.err).not.toMatch(/at .*\.ts:\d+/); // no stack trace
  });

  it.concurrent('validate: a missing file is bad input, not a crash', async () => {
    const r = await cli('validate', 'nope.yaml');
    expect(r.code).toBe(2);
    expect(r.err.trim()).toBe('nope.yaml:1:1 cannot read the scenario (no such file)');
  });

  it.concurrent('run: one policy, one seed, a summary table; --json gives the summary', async () => {
    const t = await cli('run', fx('tiny'), '--policy', 'naive', '--seed', '9');
    expect(t.code).toBe(0);
    expect(t.out).toContain('tiny: policy naive, seed 9');
    expect(t.out).toMatch(/delivered\s+\d/);
    const j = await cli('run', fx('tiny'), '--json');
    expect(j.code).toBe(0);
    const s = JSON.parse(j.out) as { policy: string; seed: number; delivered: number };
    expect(s.policy).toBe('playbook');
    expect(s.seed).toBe(4);
    expect(s.delivered).toBeGreaterThan(100);
    const bad = await cli('run', fx('tiny'), '--policy', 'postfx');
    expect(bad.code).toBe(2);
    expect(bad.err.trim()).toBe(
      'error: no policy named "postfx" (the scenario\'s: playbook, naive; the library\'s: seed-playbook, fixed-schedule, kumomta, powermta, postfix, exim, aimd, naive, ramp), did you mean "postfix"? (see warmup-sim run --help)',
    );
  });

  it.concurrent('compare: policies side by side over seeds, report files, same bytes on a rerun', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wsim-'));
    try {
      const a = await cli('compare', fx('tiny'), '--seeds', '2', '--out', join(dir, 'a'), '--quiet', '--workers', '1');
      expect(a.code).toBe(0);
      expect(a.out).toMatch(/tiny: 2 policies x 2 seeds/);
      expect(a.out).toMatch(/outcome\s+playbook\s+naive/);
      for (const f of [
        'index.html',
        'summary.json',
        'hourly.csv',
        'daily.csv',
        'charts/deferral-hourly.png',
        'charts/deferral-hourly.vl.json',
        'charts/latency-daily.svg',
      ])
        expect(existsSync(join(dir, 'a', f)), f).toBe(true);
      const b = await cli('compare', fx('tiny'), '--seeds', '2', '--out', join(dir, 'b'), '--json', '--workers', '2');
      expect(b.code).toBe(0);
      expect((JSON.parse(b.out) as { seeds: number[] }).seeds).toEqual([4, 5]);
      for (const f of ['index.html', 'summary.json', 'daily.csv', 'charts/deferral-heatmap.svg', 'charts/hidden-state.png']) {
        expect(readFileSync(join(dir, 'b', f)).equals(readFileSync(join(dir, 'a', f))), f).toBe(true);
      }
      const sel = await cli(
        'compare',
        fx('tiny'),
        '--policies',
        'naive',
        '--seeds',
        '1',
        '--out',
        join(dir, 'c'),
        '--quiet',
        '--workers',
        '1',
      );
      expect(sel.code).toBe(0);
      expect(sel.out).not.toContain('playbook');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.concurrent('sweep: 2 shards merged write the same report as the whole sweep, byte for byte; 2 workers as 1', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wsim-'));
    const grid = ['--grid', 'policies.naive.retry_after=5m,1h', '--seeds', '2', '--quiet'];
    try {
      const [whole, serial, s1, s2] = await Promise.all([
        cli('sweep', fx('tiny'), ...grid, '--out', join(dir, 'whole'), '--workers', '2'),
        cli('sweep', fx('tiny'), ...grid, '--out', join(dir, 'serial'), '--workers', '1'),
        cli('sweep', fx('tiny'), ...grid, '--out', join(dir, 'parts'), '--shard', '1/2', '--workers', '2'),
        cli('sweep', fx('tiny'), ...grid, '--out', join(dir, 'parts'), '--shard', '2/2', '--workers', '1'),
      ]);
      for (const r of [whole, serial, s1, s2]) expect(r.code, r.err).toBe(0);
      expect(s1.out).toMatch(/^4 of 8 runs -> .*partial-1-of-2\.json$/m);
      const merged = await cli(
        'merge',
        join(dir, 'parts', 'partial-1-of-2.json'),
        join(dir, 'parts', 'partial-2-of-2.json'),
        '--out',
        join(dir, 'merged'),
      );
      expect(merged.code, merged.err).toBe(0);
      expect(merged.out).toMatch(/tiny: 4 variants x 2 seeds/);
      const files = ['index.html', 'summary.json', 'hourly.csv', 'daily.csv', 'charts/deferral-hourly.svg', 'charts/hidden-state.png'];
      for (const f of files) {
        const bytes = readFileSync(join(dir, 'whole', f));
        expect(readFileSync(join(dir, 'merged', f)).equals(bytes), `merged ${f}`).toBe(true);
        expect(readFileSync(join(dir, 'serial', f)).equals(bytes), `serial ${f}`).toBe(true);
      }
      const half = await cli('merge', join(dir, 'parts', 'partial-1-of-2.json'), '--out', join(dir, 'half'));
      expect(half.code).toBe(2);
      expect(half.err.trim()).toMatch(/incomplete sweep: 4 of 8 runs missing/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.concurrent('schema prints the JSON Schema, the committed copy is current', async () => {
    const r = await cli('schema');
    expect(r.code).toBe(0);
    const s = JSON.parse(r.out) as { properties: Record<string, unknown> };
    expect(Object.keys(s.properties)).toEqual(expect.arrayContaining(['ips', 'audience', 'streams', 'policies']));
    expect(r.out).toBe(readFileSync('scenarios/scenario.schema.json', 'utf8'));
  });

  it.concurrent('policies lists every policy with a line each', async () => {
    const r = await cli('policies');
    expect(r.code).toBe(0);
    for (const p of ['seed-playbook', 'fixed-schedule', 'kumomta', 'powermta', 'postfix', 'exim', 'aimd', 'naive'])
      expect(r.out).toMatch(new RegExp(`^${p} `, 'm'));
  });

  it.concurrent('classify: class and temporariness, --json', async () => {
    const r = await cli(
      'classify',
      '451 4.7.650 The mail server [192.0.2.1] has been temporarily rate limited due to IP reputation. (S775)',
    );
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^throttle \(temporary: retry later\)/);
    const j = await cli(
      'classify',
      "550 5.7.1 Unfortunately, messages from [192.0.2.1] weren't sent. ... on our block list (S3150).",
      '--json',
    );
    expect(JSON.parse(j.out)).toMatchObject({ class: 'block', temporary: false, code: 550, enhanced: '5.7.1' });
  });

  it.concurrent('import kumomta: a shaping file becomes a policy block that validates', async () => {
    const r = await cli('import', 'kumomta', 'test/fixtures/kumo-small.toml');
    expect(r.code).toBe(0);
    expect(r.out).toContain('use: kumomta');
    expect(r.out).toContain('#   test/fixtures/kumo-small.toml: default.enable_tls (not modelled)');
    expect(r.err).toContain('not modelled: test/fixtures/kumo-small.toml: default.enable_tls (not modelled)');
    expect(r.out).toContain('provider_connection_limit: 2');
    const missing = await cli('import', 'kumomta', 'nope.toml');
    expect(missing.code).toBe(2);
    expect(missing.err.trim()).toBe('nope.toml:1:1 cannot read the file (no such file)');
  });

  it.concurrent('import kumomta --source NAME=IP: the per-source override is kept and mapped; a bad flag is a usage error', async () => {
    const r = await cli('import', 'kumomta', 'test/fixtures/kumo-sources.toml', '--source', 'new-ip-1=192.0.2.10');
    expect(r.code).toBe(0);
    const [entry] = parseYaml(r.out) as Record<string, unknown>[];
    expect(entry!['sources']).toEqual({ 'new-ip-1': '192.0.2.10' });
    expect(entry!['shaping']).toMatchObject({ 'hotmail.com': { sources: { 'new-ip-1': { max_message_rate: '20/h,max_burst=1' } } } });
    expect(r.out).toContain('# source "new-ip-1" is 192.0.2.10');
    const bad = await cli('import', 'kumomta', 'test/fixtures/kumo-sources.toml', '--source', 'new-ip-1');
    expect(bad.code).toBe(2);
    expect(bad.err.trim()).toBe(
      'error: invalid --source "new-ip-1" (expected NAME=IP, e.g. new-ip-1=192.0.2.10) (see warmup-sim import --help)',
    );
  });

  it.concurrent('import powermta and postfix: policy entries, not-modelled lines on stderr, located errors', async () => {
    const pm = await cli('import', 'powermta', 'test/fixtures/mta/pmta-config');
    expect(pm.code).toBe(0);
    expect((parseYaml(pm.out) as Record<string, unknown>[])[0]).toMatchObject({
      use: 'powermta',
      max_smtp_out: 10,
      cold_ips: ['192.0.2.11'],
    });
    expect(pm.err).toContain('not modelled: test/fixtures/mta/pmta-config:34: <domain *> dkim-sign yes (not modelled)');
    const pf = await cli('import', 'postfix', 'test/fixtures/mta/main.cf', 'test/fixtures/mta/master.cf');
    expect(pf.code).toBe(0);
    expect((parseYaml(pf.out) as Record<string, unknown>[])[0]).toMatchObject({ use: 'postfix', maximal_queue_lifetime: 259200 });
    const broken = await cli('import', 'powermta', 'test/fixtures/mta/main.cf');
    expect(broken.code).toBe(2);
    expect(broken.err.split('\n')[0]).toMatch(/^test\/fixtures\/mta\/main\.cf:\d+:1 /);
    const three = await cli('import', 'postfix', 'a', 'b', 'c');
    expect(three.code).toBe(2);
    expect(three.err.trim()).toBe('error: import postfix takes main.cf and optionally master.cf (got 3) (see warmup-sim import --help)');
  });

  it.concurrent(
    'export kumomta|powermta|postfix: stage files and a README; the kumomta export validates as a policy; a policy that does not export is exit 2',
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'wsim-export-'));
      try {
        const k = await cli('export', 'kumomta', 'scenarios/new-ips-engaged.yaml', '--out', join(dir, 'k'));
        expect(k.code).toBe(0);
        expect(k.out).toContain('seed-playbook (seed-playbook) as kumomta');
        for (const f of ['shaping.toml', 'queues.toml', 'sources.toml', 'README.md', 'stages/stage-01.toml'])
          expect(existsSync(join(dir, 'k', f)), f).toBe(true);
        expect(readFileSync(join(dir, 'k', 'README.md'), 'utf8')).toContain('## Rolling the stages');
        const p = await cli('export', 'powermta', 'scenarios/new-ips-engaged.yaml', '--out', join(dir, 'p'));
        expect(p.code).toBe(0);
        expect(readFileSync(join(dir, 'p', 'config'), 'utf8')).toContain('reply /451 4\\.7\\.650/ mode=backoff');
        const x = await cli('export', 'postfix', 'scenarios/new-ips-engaged.yaml', '--out', join(dir, 'x'));
        expect(x.code).toBe(0);
        expect(readFileSync(join(dir, 'x', 'README.md'), 'utf8')).toContain('Postfix has no reply-driven slow-down');
        const no = await cli('export', 'kumomta', 'scenarios/new-ips-engaged.yaml', '--policy', 'postfix', '--out', join(dir, 'n'));
        expect(no.code).toBe(2);
        expect(no.err.trim()).toMatch(/^error: policy "postfix" \(use: postfix\) does not export to kumomta/);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );

  it.concurrent('usage errors exit 2 with one line; --help works on every command', async () => {
    const r = await cli('frobnicate');
    expect(r.code).toBe(2);
    expect(r.err.trim()).toBe('error: unknown command "frobnicate" (see warmup-sim --help)');
    const commands = ['run', 'compare', 'validate', 'schema', 'policies', 'classify', 'import', 'export'];
    const helps = await Promise.all(commands.map((c) => cli(c, '--help')));
    helps.forEach((h, i) => {
      expect(h.code, commands[i]).toBe(0);
      expect(h.out, commands[i]).toContain(`warmup-sim ${commands[i]}`);
    });
  });

  // the worker threads start while the scenario is read and planned: an error there is still
  // reported as the input's error, in one line with exit 2
  it.concurrent.each([
    ['compare', fx('wrong-type'), /^test\/fixtures\/scenarios\/wrong-type\.yaml:10:9 audience\.size: expected number, received string$/],
    ['sweep', fx('unknown-key'), /^test\/fixtures\/scenarios\/unknown-key\.yaml:4:1 retries: unknown key "retries"$/],
    ['sweep', 'scenarios/retry-storm.yaml', /^scenarios\/retry-storm\.yaml \(nosuch\.path\.x=1\):\d+:\d+ nosuch: unknown key "nosuch"$/],
  ])('%s %s with workers starting: the input error, exit 2', async (command, file, line) => {
    const extra = file.startsWith('scenarios/') ? ['--grid', 'nosuch.path.x=1,2'] : [];
    const r = await cli(command, file, ...extra, '--workers', '2', '--seeds', '4', '--quiet', '--out', '/tmp/warmup-sim-never-written');
    expect(r.code).toBe(2);
    expect(r.err.split('\n')[0]).toMatch(line);
  });

  it.concurrent.each([
    ['compare', '--workers', 'two', '--workers must be an integer >= 1, got "two"'],
    ['sweep', '--workers', '0', '--workers must be an integer >= 1, got 0'],
    ['compare', '--seeds', '20000', '--seeds must be an integer from 1 to 10000, got 20000'],
    ['sweep', '--seeds', '2.5', '--seeds must be an integer from 1 to 10000, got 2.5'],
  ])('%s %s %s: one line naming the flag and its range, exit 2', async (command, flag, value, message) => {
    const r = await cli(command, 'scenarios/retry-storm.yaml', flag, value, '--quiet', '--out', '/tmp/warmup-sim-never-written');
    expect(r.code).toBe(2);
    expect(r.err.trim()).toBe(`error: ${message} (see warmup-sim ${command} --help)`);
  });
});
