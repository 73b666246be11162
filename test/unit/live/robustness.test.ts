/**
 * Live server robustness on loopback: 1,000 concurrent sessions, malformed commands, pipelining,
 * stalled and idle clients (timeouts), oversize lines and messages, abrupt disconnects. The
 * server keeps answering, nothing is counted twice, every connection is accounted for, and every
 * test is bounded in time.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { RawClient } from '../../support/smtp-client.ts';
import { startTestServer } from '../../support/live.ts';
import type { LiveServer } from '../../../src/live/server.ts';
import { parseScript } from '../../../src/live/scripted.ts';

let server: LiveServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const accept = () => parseScript('times=0');
const totals = (s: LiveServer) =>
  s.model.counts.perIp.reduce(
    (a, t) => ({ accepted: a.accepted + t.accepted, abandoned: a.abandoned + t.abandoned, attempts: a.attempts + t.attempts }),
    { accepted: 0, abandoned: 0, attempts: 0 },
  );
async function settle(s: LiveServer, open = 0): Promise<void> {
  for (let i = 0; i < 200 && s.model.open !== open; i++) await new Promise((r) => setTimeout(r, 25));
}

async function deliver(port: number, from: string, i: number): Promise<string> {
  const c = await RawClient.open(port, from, '127.0.0.1', 20_000);
  try {
    if (!(await c.reply(20_000)).startsWith('220')) return 'no greeting';
    await c.cmd('EHLO c.example', 20_000);
    await c.cmd(`MAIL FROM:<s${i}@news.example.com>`, 20_000);
    const rcpt = await c.cmd(`RCPT TO:<r${i}@hotmail.com>`, 20_000);
    if (!rcpt.startsWith('250')) return rcpt;
    await c.cmd('DATA', 20_000);
    const r = await c.cmd(`Subject: ${i}\r\n\r\nx\r\n.`, 20_000);
    await c.cmd('QUIT', 20_000);
    return r;
  } finally {
    c.destroy();
  }
}

describe('live server robustness', () => {
  it('1,000 concurrent sessions: all answered, each message counted once', async () => {
    server = await startTestServer({ script: accept() });
    const port = server.bound[0]!.port;
    const froms = ['127.0.0.2', '127.0.0.3', '127.0.0.4'];
    const heap0 = process.memoryUsage().heapUsed;
    const replies = await Promise.all(Array.from({ length: 1000 }, (_, i) => deliver(port, froms[i % 3]!, i)));
    // the segment's unknown-user share makes a few addresses bounce at RCPT, as the hash says
    const unknown = Array.from({ length: 1000 }, (_, i) => server!.model.recipients.classify(`r${i}@hotmail.com`).unknown);
    expect(
      replies.map((r, i) =>
        unknown[i] ? r === '550 5.5.0 Requested action not taken: mailbox unavailable\r\n' : r.startsWith('250 2.6.0'),
      ),
    ).toEqual(unknown.map(() => true));
    await settle(server);
    expect(server.model.open).toBe(0);
    const nUnknown = unknown.filter(Boolean).length;
    expect(totals(server)).toEqual({ accepted: 1000 - nUnknown, abandoned: 0, attempts: 1000 });
    expect(server.model.counts.perIp.reduce((a, t) => a + t.connections, 0)).toBe(1000);
    expect(process.memoryUsage().heapUsed - heap0).toBeLessThan(200 * 1024 * 1024);
  }, 60_000);

  it('malformed commands get 5xx replies and the session goes on; a flood of them closes it', async () => {
    server = await startTestServer({ script: accept() });
    const c = await RawClient.open(server.bound[0]!.port, '127.0.0.2');
    await c.reply();
    expect(await c.cmd('MAIL FROM:<a@news.example.com>')).toMatch(/^503 /); // before EHLO
    expect(await c.cmd('EHLO c.example')).toMatch(/^250-/);
    expect(await c.cmd('HELLO there')).toMatch(/^500 /);
    expect(await c.cmd('MAIL FROM:<<<bad')).toMatch(/^501 /);
    expect(await c.cmd('RCPT TO:<x@hotmail.com>')).toMatch(/^503 /); // no MAIL yet
    expect(await c.cmd('\u0001\u0002\u00ff\u00fe')).toMatch(/^500 /);
    expect(await c.cmd('MAIL FROM:<a@news.example.com>')).toBe('250 2.1.0 Sender OK\r\n');
    let last = '';
    for (let i = 0; i < 12 && !c.closed; i++) last = await c.cmd(`BOGUS${i}`);
    expect(last === '' || /^421 /.test(last)).toBe(true);
    expect(await c.waitClosed()).toBe(true);
    expect(await deliver(server.bound[0]!.port, '127.0.0.2', 1)).toMatch(/^250 2\.6\.0/); // still serving
  });

  it('pipelining: MAIL, RCPT, DATA in one write get their replies in order', async () => {
    server = await startTestServer({ script: accept() });
    const c = await RawClient.open(server.bound[0]!.port, '127.0.0.2');
    await c.reply();
    await c.cmd('EHLO c.example');
    c.send('MAIL FROM:<a@news.example.com>\r\nRCPT TO:<b@hotmail.com>\r\nRCPT TO:<c@outlook.com>\r\nDATA\r\n');
    expect([await c.reply(), await c.reply(), await c.reply(), await c.reply()]).toEqual([
      '250 2.1.0 Sender OK\r\n',
      '250 2.1.5 Recipient OK\r\n',
      '250 2.1.5 Recipient OK\r\n',
      '354 End data with <CR><LF>.<CR><LF>\r\n',
    ]);
    expect(await c.cmd('Subject: p\r\n\r\nx\r\n.')).toBe('250 2.6.0 <message-id> Queued mail for delivery\r\n');
    c.destroy();
    await settle(server);
    expect(totals(server)).toEqual({ accepted: 2, abandoned: 0, attempts: 2 });
  });

  it('a client that stalls mid-DATA or idles is timed out with 421; its transaction is abandoned, not accepted', async () => {
    server = await startTestServer({ script: accept(), socketTimeoutMs: 400 });
    const port = server.bound[0]!.port;
    const stall = await RawClient.open(port, '127.0.0.2');
    await stall.reply();
    await stall.cmd('EHLO c.example');
    await stall.cmd('MAIL FROM:<a@news.example.com>');
    await stall.cmd('RCPT TO:<b@hotmail.com>');
    await stall.cmd('DATA');
    stall.send('Subject: half a message\r\n');
    const idle = await RawClient.open(port, '127.0.0.3');
    await idle.reply();
    const t0 = Date.now();
    expect(await idle.reply(5000)).toMatch(/^421 /);
    expect(await stall.waitClosed(5000)).toBe(true);
    expect(await idle.waitClosed(5000)).toBe(true);
    expect(Date.now() - t0).toBeLessThan(4000);
    await settle(server);
    expect(totals(server)).toEqual({ accepted: 0, abandoned: 1, attempts: 1 });
  });

  it('an oversize command line closes the session; an oversize message gets 552 and is not counted as accepted', async () => {
    server = await startTestServer({ script: accept(), maxLineBytes: 1024, maxMessageBytes: 4096 });
    const port = server.bound[0]!.port;
    const long = await RawClient.open(port, '127.0.0.2');
    await long.reply();
    expect(await long.cmd(`EHLO ${'a'.repeat(5000)}`)).toMatch(/^421 .*line too long/i);
    expect(await long.waitClosed()).toBe(true);
    const big = await RawClient.open(port, '127.0.0.2');
    await big.reply();
    await big.cmd('EHLO c.example');
    await big.cmd('MAIL FROM:<a@news.example.com>');
    await big.cmd('RCPT TO:<b@hotmail.com>');
    await big.cmd('DATA');
    expect(await big.cmd(`Subject: big\r\n\r\n${'x'.repeat(70)}\r\n`.repeat(200) + '.')).toMatch(/^552 /);
    expect(await big.cmd('QUIT')).toMatch(/^221 /);
    big.destroy();
    await settle(server);
    expect(totals(server)).toEqual({ accepted: 0, abandoned: 1, attempts: 1 });
  });

  it('abrupt disconnects at every stage leave no open connection and count nothing twice', async () => {
    server = await startTestServer({ script: accept() });
    const port = server.bound[0]!.port;
    const steps = ['EHLO c.example', 'MAIL FROM:<a@news.example.com>', 'RCPT TO:<b@hotmail.com>', 'DATA', 'Subject: x\r\n\r\npartial'];
    for (let cut = 0; cut <= steps.length; cut++) {
      const c = await RawClient.open(port, '127.0.0.2');
      await c.reply();
      for (let k = 0; k < cut; k++) {
        if (k < 4) await c.cmd(steps[k]!);
        else c.send(steps[k]!);
      }
      c.socket.resetAndDestroy();
    }
    await settle(server);
    expect(server.model.open).toBe(0);
    // the scripted answerer decides at MAIL FROM: the last four cuts each abandon one decided transaction
    expect(totals(server)).toEqual({ accepted: 0, abandoned: 4, attempts: 4 });
    expect(await deliver(port, '127.0.0.2', 9)).toMatch(/^250 2\.6\.0/);
  });
});
