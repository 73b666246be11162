/**
 * A live run's transcript read as the receiving side's log (src/cli/transcript-log.ts): the
 * attempts per scenario IP, provider and model hour equal the live model's own counts (accepted,
 * deferred, blocked and rejected; abandoned transactions are not attempts), and `report
 * --from-transcript` writes the simulator's report from it (exit 0), or names the differing
 * decision when the transcript was tampered with (exit 1), or the bad line (exit 2).
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { RawClient } from '../../support/smtp-client.ts';
import { ManualWall, liveScenario, startTestServer } from '../../support/live.ts';
import { transcriptFile } from '../../../src/live/transcript.ts';
import { readTranscript } from '../../../src/live/replay.ts';
import type { CountRow } from '../../../src/live/counts.ts';
import { TranscriptLog } from '../../../src/cli/transcript-log.ts';
import { F } from '../../../src/insight/hour-series.ts';
import { cli as runCli } from '../../support/cli.ts';

async function session(port: number, from: string, n: number, tag: string): Promise<void> {
  const c = await RawClient.open(port, from);
  await c.reply();
  await c.cmd('EHLO c.example');
  for (let i = 0; i < n; i++) {
    const r = await c.cmd(`MAIL FROM:<b${i}@news.example.com>`);
    if (!r.startsWith('250')) continue;
    const rc = await c.cmd(`RCPT TO:<${tag}${i % 7}@hotmail.com>`); // recipients come back: retries
    if (!rc.startsWith('250')) continue;
    if (i % 5 === 4) {
      await c.cmd('RSET'); // abandoned: not an attempt
      continue;
    }
    await c.cmd('DATA');
    await c.cmd(`From: <news@news.example.com>\r\n\r\nbody ${i}\r\n.`);
  }
  await c.cmd('QUIT');
  c.destroy();
  await c.waitClosed();
}

const dir = mkdtempSync(join(tmpdir(), 'transcript-report-'));
const file = join(dir, 'run.jsonl');
let live: CountRow[] = [];

describe('a transcript as the receiving side log', () => {
  afterAll(() => undefined);

  it('counts per IP, provider and model hour what the live model counted', async () => {
    const wall = new ManualWall();
    const server = await startTestServer({ wall: wall.fn, scale: 600, transcript: transcriptFile(file) });
    const port = server.bound[0]!.port;
    for (let round = 0; round < 6; round++) {
      await Promise.all([session(port, '127.0.0.2', 12, `a${round}x`), session(port, '127.0.0.3', 8, `b${round}x`)]);
      wall.ms += 7777; // about 78 model minutes: the run spans several hours
    }
    await new Promise((r) => setTimeout(r, 100)); // onClose runs on setImmediate
    live = server.model.counts.table();
    await server.close();

    const log = new TranscriptLog(liveScenario(), []);
    for (const r of readTranscript(file)) log.write(r);
    const base = Date.parse(`${liveScenario().startDate}T00:00:00Z`) / 3600000;
    const got = live.map((row) => {
      const cell = log.facts.byIp.get(`${row.ip}\t${row.provider}`)!;
      const at = (f: number) => cell?.hours.get(base + row.hour, f) ?? 0;
      return {
        ip: row.ip,
        hour: row.hour,
        attempts: at(F.attempts),
        accepted: at(F.delivered),
        deferred: at(F.deferred),
        refused: at(F.rejected),
      };
    });
    const want = live.map((row) => ({
      ip: row.ip,
      hour: row.hour,
      attempts: row.attempts - row.abandoned,
      accepted: row.accepted,
      deferred: row.deferred,
      refused: row.blocked + row.rejected,
    }));
    expect(got).toEqual(want);
    // not vacuous: deferrals at MAIL FROM, acceptances, abandoned transactions, several hours and both IPs
    const total = (k: keyof CountRow) => live.reduce((s, r) => s + (r[k] as number), 0);
    expect(total('accepted')).toBeGreaterThan(5);
    expect(total('deferred')).toBeGreaterThan(5);
    expect(total('abandoned')).toBeGreaterThan(0);
    expect(new Set(live.map((r) => r.hour)).size).toBeGreaterThan(2);
    expect(new Set(live.map((r) => r.ip)).size).toBe(2);
    // a recipient offered again is a retry, not new mail
    let firsts = 0,
      retries = 0;
    for (const c of log.facts.byIp.values())
      for (let h = base; h < base + 24; h++) ((firsts += c.hours.get(h, F.firsts)), (retries += c.hours.get(h, F.retries)));
    expect(firsts).toBeGreaterThan(0);
    expect(retries).toBeGreaterThan(0);
    expect(firsts + retries).toBe(total('attempts') - total('abandoned'));
  });

  it('report --from-transcript writes the report (exit 0); a tampered transcript exits 1 naming the line; a broken one exits 2', async () => {
    const out = join(dir, 'report');
    const ok = await runCli(['report', '--from-transcript', file, '--out', out, '--no-png']);
    expect(ok.code, ok.err).toBe(0);
    expect(ok.out).toMatch(/decisions replayed, 0 differ; \d+ attempts, \d+ delivered/);
    expect(existsSync(join(out, 'index.html'))).toBe(true);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as {
      runs: { runs: { attempts: number; delivered: number }[] }[];
    };
    const run = summary.runs[0]!.runs[0]!;
    expect(run.attempts).toBe(live.reduce((s, r) => s + r.attempts - r.abandoned, 0));
    expect(run.delivered).toBe(live.reduce((s, r) => s + r.accepted, 0));

    const lines = readFileSync(file, 'utf8').split('\n');
    const i = lines.findIndex((l) => l.includes('"ev":"mail"') && l.includes('4.7.650'));
    expect(i).toBeGreaterThan(0);
    const tampered = join(dir, 'tampered.jsonl');
    writeFileSync(
      tampered,
      [...lines.slice(0, i), lines[i]!.replace(/"reply":"[^"]*"/, '"reply":"250 2.1.0 Sender OK"'), ...lines.slice(i + 1)].join('\n'),
    );
    const bad = await runCli(['report', '--from-transcript', tampered, '--out', join(dir, 'r2'), '--no-png']);
    expect(bad.code).toBe(1);
    expect(bad.err).toContain(`${tampered}:${i + 1} mail: recorded "250 2.1.0 Sender OK"`);

    const broken = join(dir, 'broken.jsonl');
    writeFileSync(broken, `${lines[0]}\n{not json\n`);
    const b = await runCli(['report', '--from-transcript', broken, '--out', join(dir, 'r3'), '--no-png']);
    expect(b.code).toBe(2);
    expect(b.err).toContain(`${broken}:2: not a JSON record`);
    writeFileSync(broken, `${lines[0]}\nnull\n`);
    const n = await runCli(['report', '--from-transcript', broken, '--out', join(dir, 'r4'), '--no-png']);
    expect([n.code, n.err.trim()]).toEqual([
      2,
      `error: ${broken}:2: not a transcript record (a JSON object with an "ev" field) (see warmup-sim report --help)`,
    ]);
    writeFileSync(broken, `${lines[0]}\n{"t":0,"m":0,"c":1,"ev":"connect","arg":"127.0.0.2","provider":"hotmial"}\n`);
    const p = await runCli(['report', '--from-transcript', broken, '--out', join(dir, 'r5'), '--no-png']);
    expect(p.code).toBe(2);
    expect(p.err).toContain(`${broken}:2: unknown provider "hotmial"`);
  });
});

describe('message identity in a transcript', () => {
  const start = { startDate: '2026-01-05', ips: [{ address: '192.0.2.10' }] };
  /** One SMTP transaction on connection c at model time m: MAIL FROM, RCPT, DATA with the final reply (or a reply at RCPT). */
  const tx = (c: number, m: number, sender: string, rcpt: string, final: string, at: 'rcpt' | 'data' = 'data') => [
    { t: 0, m, c, ev: 'connect' as const, arg: '127.0.0.2', provider: 'microsoft' },
    { t: 0, m, c, ev: 'mail' as const, arg: sender },
    at === 'rcpt' ? { t: 0, m, c, ev: 'rcpt' as const, arg: rcpt, reply: final } : { t: 0, m, c, ev: 'rcpt' as const, arg: rcpt },
    ...(at === 'data' ? [{ t: 0, m, c, ev: 'data' as const, reply: final }] : []),
    { t: 0, m, c, ev: 'close' as const },
  ];
  const counts = (log: TranscriptLog) => {
    const base = Date.parse('2026-01-05T00:00:00Z') / 3600000;
    const cell = log.facts.byIp.get('192.0.2.10\tmicrosoft')!;
    let firsts = 0,
      retries = 0;
    for (let h = base; h < base + 24 * 4; h++) ((firsts += cell.hours.get(h, F.firsts)), (retries += cell.hours.get(h, F.retries)));
    return { firsts, retries };
  };

  it('the same list mailed on three days is new mail each day; a deferred message offered again is a retry', () => {
    const log = new TranscriptLog(start, []);
    let c = 1;
    for (const day of [0, 1, 2])
      for (const r of ['a', 'b'])
        for (const x of tx(c++, day * 86400 + 3600, 'news@news.example.com', `${r}@hotmail.com`, '250 2.6.0 Queued')) log.write(x);
    expect(counts(log)).toEqual({ firsts: 6, retries: 0 });
    for (const x of tx(c++, 4 * 3600, 'news@news.example.com', 'z@hotmail.com', '451 4.7.650 throttled (S775)', 'rcpt')) log.write(x);
    for (const x of tx(c++, 5 * 3600, 'news@news.example.com', 'z@hotmail.com', '250 2.6.0 Queued')) log.write(x);
    expect(counts(log)).toEqual({ firsts: 7, retries: 1 });
    // a receiver never sees queue times: no latency facts at all
    expect(log.facts.latency.days.size).toBe(0);
  });
});
