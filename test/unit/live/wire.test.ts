/**
 * Live mode's replies as bytes on the wire, read with a raw socket: the model's exact texts at
 * the stages Outlook uses, with no enhanced status code added by smtp-server.
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { RawClient } from '../../support/smtp-client.ts';
import { ManualWall, startTestServer } from '../../support/live.ts';
import type { LiveServer } from '../../../src/live/server.ts';
import { wireBytes, wireLines } from '../../../src/live/wire.ts';
import { MS_TEXTS, GMAIL_TEXTS } from '../../../src/live/adapter.ts';
import { parseScript } from '../../../src/live/scripted.ts';

let server: LiveServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const S775 = (ip: string) =>
  `451 4.7.650 The mail server [${ip}] has been temporarily rate limited due to IP reputation. For e-mail delivery information, see https://aka.ms/postmaster (S775)\r\n`;

async function hello(port: number, from = '127.0.0.2'): Promise<RawClient> {
  const c = await RawClient.open(port, from);
  expect(await c.reply()).toMatch(/^220 mx\.warmup-sim\.invalid ESMTP /);
  const ehlo = await c.cmd('EHLO client.example');
  expect(ehlo).toContain('250-ENHANCEDSTATUSCODES\r\n');
  expect(ehlo).toContain('250-PIPELINING\r\n');
  return c;
}

describe('wire format of model replies', () => {
  it('wraps a multi-line model text into RFC 5321 continuation lines, each under 77 characters', () => {
    const w = wireLines(GMAIL_TEXTS.unusualRateIp.replace('[IP]', '[192.0.2.10]'));
    expect(w.code).toBe(421);
    expect(w.lines.length).toBeGreaterThan(3);
    expect(w.lines.slice(0, -1).every((l) => l.startsWith('421-4.7.28 '))).toBe(true);
    expect(w.lines.at(-1)!.startsWith('421 4.7.28 ')).toBe(true);
    expect(w.lines.every((l) => l.length <= 76)).toBe(true);
    // the words are all there, in order
    expect(w.lines.map((l) => l.slice(11)).join(' ')).toBe(GMAIL_TEXTS.unusualRateIp.slice(11).replace('[IP]', '[192.0.2.10]'));
  });

  it('keeps a single-line text as it is', () => {
    expect(wireBytes(MS_TEXTS.accepted)).toBe('250 2.6.0 <message-id> Queued mail for delivery\r\n');
  });
});

describe('live server on loopback (raw socket)', () => {
  it('answers MAIL FROM with exactly "451 4.7.650 The mail server [IP] ... (S775)" for a scripted deferral, then accepts after DATA', async () => {
    server = await startTestServer({ script: parseScript('times=1') });
    const c = await hello(server.bound[0]!.port);
    expect(await c.cmd('MAIL FROM:<a@news.example.com>')).toBe(S775('192.0.2.10'));
    expect(await c.cmd('MAIL FROM:<a@news.example.com>')).toBe('250 2.1.0 Sender OK\r\n');
    expect(await c.cmd('RCPT TO:<bob@hotmail.com>')).toBe('250 2.1.5 Recipient OK\r\n');
    expect(await c.cmd('DATA')).toMatch(/^354 /);
    expect(await c.cmd('From: A <a@news.example.com>\r\nSubject: x\r\n\r\nhello\r\n.')).toBe(
      '250 2.6.0 <message-id> Queued mail for delivery\r\n',
    );
    expect(await c.cmd('QUIT')).toMatch(/^221 /);
    c.destroy();
  });

  it('--keep writes accepted messages as files (temp, then renamed) and nothing else', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'keep-'));
    server = await startTestServer({ script: parseScript('times=0'), keepDir: dir });
    const c = await hello(server.bound[0]!.port);
    await c.cmd('MAIL FROM:<a@news.example.com>');
    await c.cmd('RCPT TO:<kept@hotmail.com>');
    await c.cmd('DATA');
    expect(await c.cmd('Subject: kept\r\n\r\nbody\r\n.')).toMatch(/^250 2\.6\.0/);
    await c.cmd('QUIT');
    c.destroy();
    await new Promise((r) => setTimeout(r, 100));
    const files = readdirSync(dir);
    expect(files.length).toBe(1);
    expect(files[0]).toMatch(/^\d+-1-0\.eml$/);
    expect(readFileSync(join(dir, files[0]!), 'utf8')).toBe('Subject: kept\r\n\r\nbody\r\n');
  });

  it('maps client addresses to scenario IPs in order of first appearance, or as --map says', async () => {
    server = await startTestServer({ script: parseScript('times=9'), map: [['127.0.0.9', '192.0.2.20']] });
    const port = server.bound[0]!.port;
    for (const [from, ip] of [
      ['127.0.0.9', '192.0.2.20'],
      ['127.0.0.3', '192.0.2.10'],
      ['127.0.0.2', '192.0.2.11'],
      ['127.0.0.3', '192.0.2.10'],
    ] as const) {
      const c = await hello(port, from);
      expect(await c.cmd('MAIL FROM:<x@news.example.com>')).toBe(S775(ip));
      c.destroy();
    }
    const extra = await RawClient.open(port, '127.0.0.4');
    expect(await extra.reply()).toBe('554 5.7.1 Client address is not one of the scenario sending IPs (warmup-sim live)\r\n');
    expect(await extra.waitClosed()).toBe(true);
  });

  it('refuses relaying at RCPT and unknown users with the provider text', async () => {
    server = await startTestServer({ script: parseScript('times=0') });
    const c = await hello(server.bound[0]!.port);
    expect(await c.cmd('MAIL FROM:<a@news.example.com>')).toBe('250 2.1.0 Sender OK\r\n');
    expect(await c.cmd('RCPT TO:<x@gmail.com>')).toBe('550 5.7.54 SMTP; Unable to relay recipient in non-accepted domain\r\n');
    expect(await c.cmd('RCPT TO:<x@elsewhere.example>')).toBe('550 5.7.54 SMTP; Unable to relay recipient in non-accepted domain\r\n');
    expect(await c.cmd('RCPT TO:<nouser1@outlook.com>')).toBe('550 5.5.0 Requested action not taken: mailbox unavailable\r\n');
    c.destroy();
  });

  it('two listeners share one connection id space: each connection keeps its own provider', async () => {
    server = await startTestServer({
      script: parseScript('times=0'),
      listen: [
        { provider: 'microsoft', host: '127.0.0.1', port: 0 },
        { provider: 'gmail', host: '127.0.0.1', port: 0 },
      ],
    });
    const ms = await hello(server.bound[0]!.port, '127.0.0.2');
    const gm = await hello(server.bound[1]!.port, '127.0.0.3');
    expect(await ms.cmd('MAIL FROM:<a@news.example.com>')).toBe('250 2.1.0 Sender OK\r\n');
    expect(await gm.cmd('MAIL FROM:<a@news.example.com>')).toMatch(/^250 /);
    // the second connection (to the Gmail listener) must not have taken over the first one's state
    expect(await ms.cmd('RCPT TO:<u1@hotmail.com>')).toBe('250 2.1.5 Recipient OK\r\n');
    expect(await gm.cmd('RCPT TO:<u2@gmail.com>')).toMatch(/^250 /);
    ms.destroy();
    gm.destroy();
  });

  it('the reputation model: a fresh IP pushed fast gets S775 at MAIL FROM; the model clock decides', async () => {
    const wall = new ManualWall();
    server = await startTestServer({ wall: wall.fn, scale: 60 });
    const c = await hello(server.bound[0]!.port);
    const replies: string[] = [];
    for (let i = 0; i < 40; i++) {
      const r = await c.cmd(`MAIL FROM:<n${i}@news.example.com>`);
      replies.push(r);
      if (r.startsWith('250')) {
        expect(await c.cmd(`RCPT TO:<r${i}@hotmail.com>`)).toBe('250 2.1.5 Recipient OK\r\n');
        expect(await c.cmd('DATA')).toMatch(/^354 /);
        expect(await c.cmd('Subject: x\r\n\r\nhi\r\n.')).toBe('250 2.6.0 <message-id> Queued mail for delivery\r\n');
      }
    }
    const deferred = replies.filter((r) => r === S775('192.0.2.10')).length;
    expect(deferred).toBeGreaterThan(30); // the bucket holds a few messages; the rest are rate limited
    expect(replies.filter((r) => r.startsWith('250')).length).toBeGreaterThanOrEqual(3);
    expect(replies.every((r) => r === S775('192.0.2.10') || r === '250 2.1.0 Sender OK\r\n')).toBe(true);
    c.destroy();
  });
});
