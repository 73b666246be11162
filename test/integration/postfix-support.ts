/**
 * Support for the real-Postfix tests: a private Postfix instance (.ci/postfix-setup.sh), free
 * loopback ports, mail injection over SMTP, and the retry trace read back from a live-mode
 * transcript (per message: attempt times; per burst of attempts: peak concurrent connections).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RawClient } from '../support/smtp-client.ts';
import type { EventRecord, TranscriptRecord } from '../../src/live/transcript.ts';

export function postfixVersion(): string {
  return execFileSync('postconf', ['-h', 'mail_version'], { encoding: 'utf8' }).trim();
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => resolve(typeof a === 'object' && a !== null ? a.port : 0));
    });
  });
}

export interface PostfixInstance {
  readonly dir: string;
  readonly injectPort: number;
  log(): string;
  stop(): void;
}

export function startPostfix(nexthopPort: number, injectPort: number, bind: string, timers: [string, string, string]): PostfixInstance {
  const dir = mkdtempSync(join(tmpdir(), 'wsim-postfix-'));
  execFileSync('bash', ['.ci/postfix-setup.sh', 'start', dir, String(injectPort), String(nexthopPort), bind, ...timers], {
    stdio: 'pipe',
    timeout: 30_000,
  });
  return {
    dir,
    injectPort,
    log: () => readFileSync(join(dir, 'maillog'), 'utf8'),
    stop: () => void execFileSync('bash', ['.ci/postfix-setup.sh', 'stop', dir], { stdio: 'pipe', timeout: 30_000 }),
  };
}

/**
 * Wall time (Date.now() ms) at which the instance's queue manager started: its deferred-queue scans
 * run at that time + k x queue_run_delay. From /proc: the qmgr child of the master (pid file), its
 * start in clock ticks (100/s) against /proc/uptime.
 */
function qmgrStartMs(dir: string): number {
  const master = Number(readFileSync(join(dir, 'spool/pid/master.pid'), 'utf8').trim());
  for (const p of readdirSync('/proc').filter((x) => /^\d+$/.test(x))) {
    let stat: string;
    try {
      stat = readFileSync(`/proc/${p}/stat`, 'utf8');
    } catch {
      continue;
    }
    const comm = /\((.*)\)/.exec(stat)?.[1];
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (comm !== 'qmgr' || Number(fields[1]) !== master) continue;
    const uptime = Number(readFileSync('/proc/uptime', 'utf8').split(' ')[0]);
    return Date.now() - (uptime - Number(fields[19]) / 100) * 1000;
  }
  throw new Error(`no qmgr process under master ${master}`);
}

/** Waits until `lead` ms before the queue manager's next deferred scan (scans every `periodMs`). */
export async function beforeNextScan(dir: string, periodMs: number, leadMs: number): Promise<void> {
  const q0 = qmgrStartMs(dir);
  const now = Date.now();
  const k = Math.ceil((now + leadMs + 200 - q0) / periodMs);
  await new Promise((r) => setTimeout(r, q0 + k * periodMs - leadMs - now));
}

/** Submits messages to Postfix's smtpd, one transaction each on one connection. */
export async function inject(port: number, messages: readonly { from: string; to: string }[]): Promise<void> {
  const c = await RawClient.open(port, '127.0.0.1');
  const ok = (r: string, code: string) => {
    if (!r.startsWith(code)) throw new Error(`postfix injection: expected ${code}, got ${r}`);
  };
  ok(await c.reply(), '220');
  ok(await c.cmd('EHLO injector.invalid'), '250');
  for (const m of messages) {
    ok(await c.cmd(`MAIL FROM:<${m.from}>`), '250');
    ok(await c.cmd(`RCPT TO:<${m.to}>`), '250');
    ok(await c.cmd('DATA'), '354');
    ok(await c.cmd(`From: <${m.from}>\r\nTo: <${m.to}>\r\nSubject: warm-up test\r\n\r\nhello\r\n.`), '250');
  }
  await c.cmd('QUIT');
  c.destroy();
}

export interface Trace {
  /** Per message key: attempt times, seconds after the first attempt of the whole run. */
  readonly attempts: Record<string, number[]>;
  /** Bursts of attempts (gaps > 3 s separate them): start time, attempts, peak concurrent connections. */
  readonly bursts: { at: number; attempts: number; peakConnections: number }[];
  readonly connections: number;
}

export function traceOf(records: readonly TranscriptRecord[]): Trace {
  const ev = records.filter((r): r is EventRecord => r.ev !== 'start');
  const mails = ev.filter((r) => r.ev === 'mail');
  const t0 = mails[0]?.t ?? 0;
  const attempts: Record<string, number[]> = {};
  for (const r of mails) (attempts[r.arg!] ??= []).push(round1((r.t - t0) / 1000));
  // concurrency over time
  const open = new Set<number>();
  const conc: { t: number; n: number }[] = [];
  for (const r of ev) {
    if (r.ev === 'connect') open.add(r.c);
    else if (r.ev === 'close') open.delete(r.c);
    else continue;
    conc.push({ t: (r.t - t0) / 1000, n: open.size });
  }
  const times = mails.map((r) => (r.t - t0) / 1000);
  const bursts: Trace['bursts'] = [];
  let i = 0;
  while (i < times.length) {
    let j = i;
    while (j + 1 < times.length && times[j + 1]! - times[j]! <= 3) j++;
    const from = times[i]! - 3,
      to = times[j]! + 3;
    const peak = Math.max(0, ...conc.filter((c) => c.t >= from && c.t <= to).map((c) => c.n));
    bursts.push({ at: round1(times[i]!), attempts: j - i + 1, peakConnections: peak });
    i = j + 1;
  }
  return { attempts, bursts, connections: ev.filter((r) => r.ev === 'connect').length };
}

function round1(x: number): number {
  return Math.round(x * 10) / 10;
}
