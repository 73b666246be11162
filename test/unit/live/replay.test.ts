/**
 * A live run through real sockets, recorded to a JSONL transcript, replayed offline through
 * fresh receivers at the recorded model times: every decision gets the same reply and the
 * replay's counts equal the live run's.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { RawClient } from '../../support/smtp-client.ts';
import { ManualWall, startTestServer } from '../../support/live.ts';
import type { LiveServer } from '../../../src/live/server.ts';
import { transcriptFile } from '../../../src/live/transcript.ts';
import { readTranscript, replayFile, replayRecords } from '../../../src/live/replay.ts';

let server: LiveServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function session(port: number, from: string, n: number, tag: string): Promise<string[]> {
  const c = await RawClient.open(port, from);
  const out = [await c.reply(), await c.cmd('EHLO c.example')];
  for (let i = 0; i < n; i++) {
    const r = await c.cmd(`MAIL FROM:<b${i}@news.example.com>`);
    out.push(r);
    if (!r.startsWith('250')) continue;
    out.push(await c.cmd(`RCPT TO:<${tag}${i}@hotmail.com>`));
    if (i % 5 === 4) {
      out.push(await c.cmd('RSET'));
      continue;
    }
    out.push(await c.cmd('DATA'));
    out.push(await c.cmd(`From: <news@news.example.com>\r\n\r\nbody ${i}\r\n.`));
  }
  out.push(await c.cmd('QUIT'));
  c.destroy();
  await c.waitClosed();
  return out;
}

describe('transcript replay', () => {
  it('replays a recorded live run with the same replies and the same counts', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'live-replay-')), 'run.jsonl');
    const wall = new ManualWall();
    server = await startTestServer({ wall: wall.fn, scale: 600, transcript: transcriptFile(file) });
    const port = server.bound[0]!.port;
    for (let round = 0; round < 6; round++) {
      await Promise.all([
        session(port, '127.0.0.2', 12, `a${round}x`),
        session(port, '127.0.0.3', 8, `b${round}x`),
        session(port, '127.0.0.5', 10, `c${round}x`),
      ]);
      wall.ms += 1777; // about 18 model minutes
    }
    await new Promise((r) => setTimeout(r, 100)); // onClose runs on setImmediate
    const live = server.model.counts.table();
    const perIp = server.model.counts.perIp.map((t) => ({ ...t }));
    await server.close();
    server = undefined;

    const replay = replayFile(file);
    expect(replay.decisions).toBeGreaterThan(200);
    expect(replay.mismatches).toEqual([]);
    expect(replay.counts).toEqual(live);
    expect(replay.perIp.map(({ ip: _ip, ...t }) => t)).toEqual(perIp);
    // the run saw deferrals and acceptances, so the comparison is not vacuous
    const total = (k: 'accepted' | 'deferred' | 'abandoned') => live.reduce((s, r) => s + r[k], 0);
    expect(total('accepted')).toBeGreaterThan(5);
    expect(total('deferred')).toBeGreaterThan(5);
    expect(total('abandoned')).toBeGreaterThan(0);
  });

  it('a tampered transcript shows the mismatching line; a broken one is a one-line error', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'live-replay-')), 'run.jsonl');
    server = await startTestServer({ transcript: transcriptFile(file) });
    await session(server.bound[0]!.port, '127.0.0.2', 3, 'x');
    await new Promise((r) => setTimeout(r, 50));
    await server.close();
    server = undefined;
    const recs = readTranscript(file);
    const i = recs.findIndex((r) => r.ev === 'data');
    const tampered = recs.map((r, k) => (k === i ? { ...r, reply: '250 tampered' } : r));
    const rep = replayRecords(tampered);
    expect(rep.mismatches).toEqual([
      { line: i + 1, ev: 'data', recorded: '250 tampered', replayed: '250 2.6.0 <message-id> Queued mail for delivery' },
    ]);
    expect(() => replayRecords(recs.slice(1), 'x.jsonl')).toThrow(/^x\.jsonl:1: expected a start record$/);
  });
});
