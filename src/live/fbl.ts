/**
 * Complaint copies as a feedback loop sends them (Microsoft JMRP, Yahoo CFL): an ARF report,
 * RFC 5965 (multipart/report; report-type=feedback-report: a human-readable part, a
 * message/feedback-report part with Feedback-Type abuse, Source-IP, Original-Mail-From,
 * Original-Rcpt-To, Arrival-Date, Reported-Domain, and the original message's headers as
 * text/rfc822-headers), delivered over plain SMTP to the address the user gave. One connection at
 * a time, at most {@link MAX_QUEUE} copies waiting (the rest are counted as dropped).
 */
import { connect } from 'node:net';
import { isLoopback, LiveUsageError } from './options.ts';
import type { LiveComplaint } from './model.ts';

const MAX_QUEUE = 1000;

export interface FblTarget {
  readonly address: string;
  readonly host: string;
  readonly port: number;
}

/** "abuse@127.0.0.1:2526". */
export function parseFblTarget(text: string, allowRemote: boolean): FblTarget {
  const m =
    /^([^@\s]+@[^@\s:]+)@(\[[0-9a-fA-F:.]+\]|[^:@\s]+):(\d{1,5})$/.exec(text.trim()) ??
    /^([^@\s]+)@(\[[0-9a-fA-F:.]+\]|[^:@\s]+):(\d{1,5})$/.exec(text.trim());
  if (!m) throw new LiveUsageError(`--fbl-to: "${text}" is not addr@host:port (e.g. fbl@127.0.0.1:2526)`);
  const host = m[2]!.replace(/^\[|\]$/g, '');
  if (!allowRemote && !isLoopback(host)) throw new LiveUsageError(`--fbl-to: ${host} is not loopback (add --allow-remote)`);
  const address = m[1]!.includes('@') ? m[1]! : `${m[1]}@${host}`;
  return { address, host, port: Number(m[3]) };
}

/** The ARF message for one complaint; `arrival` is the RFC 5322 date of the original message. */
export function arfMessage(c: LiveComplaint, o: { to: string; id: number }): string {
  const sourceIp = c.ipAddress,
    sendDomain = c.domainName,
    arrival = c.date;
  const b = `arf-${o.id}`;
  const from = `bounce@${sendDomain}`;
  return [
    'From: Feedback Loop <fbl@warmup-sim.invalid>',
    `To: <${o.to}>`,
    `Subject: complaint about a message from ${sourceIp}`,
    `Date: ${arrival}`,
    `Message-ID: <${b}@warmup-sim.invalid>`,
    'MIME-Version: 1.0',
    `Content-Type: multipart/report; report-type=feedback-report; boundary="${b}"`,
    '',
    `--${b}`,
    'Content-Type: text/plain; charset=us-ascii',
    '',
    `A recipient (${c.address}) reported a message from ${sourceIp} as junk (warmup-sim live model).`,
    '',
    `--${b}`,
    'Content-Type: message/feedback-report',
    '',
    'Feedback-Type: abuse',
    'User-Agent: warmup-sim-live/1',
    'Version: 1',
    `Original-Mail-From: <${from}>`,
    `Original-Rcpt-To: <${c.address}>`,
    `Arrival-Date: ${arrival}`,
    `Source-IP: ${sourceIp}`,
    `Reported-Domain: ${sendDomain}`,
    '',
    `--${b}`,
    'Content-Type: text/rfc822-headers',
    '',
    `From: <${from}>`,
    `To: <${c.address}>`,
    `Date: ${arrival}`,
    '',
    `--${b}--`,
    '',
  ].join('\r\n');
}

/** One SMTP transaction; resolves true on a 250 after DATA. Bounded by `timeoutMs`. */
function sendMail(t: FblTarget, from: string, body: string, timeoutMs = 10_000): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ host: t.host, port: t.port });
    const steps = [
      `EHLO warmup-sim.invalid`,
      `MAIL FROM:<${from}>`,
      `RCPT TO:<${t.address}>`,
      'DATA',
      `${body.replace(/^\./gm, '..')}\r\n.`,
      'QUIT',
    ];
    const expect = [/^250/, /^250/, /^250/, /^354/, /^250/, /^221/];
    let buf = '',
      step = -1,
      ok = false;
    const done = (r: boolean) => {
      clearTimeout(timer);
      s.destroy();
      resolve(r);
    };
    const timer = setTimeout(() => done(false), timeoutMs);
    s.setEncoding('latin1');
    s.on('error', () => done(false));
    s.on('close', () => done(ok));
    s.on('data', (d: string) => {
      buf += d;
      let m: RegExpExecArray | null;
      while ((m = /^(?:\d{3}-[^\n]*\n)*(\d{3})(?: [^\n]*)?\n/.exec(buf)) !== null) {
        buf = buf.slice(m[0].length);
        if (step === -1 ? !/^220/.test(m[0]) : !expect[step]!.test(m[0])) return done(false);
        if (step === 4) ok = true;
        if (++step >= steps.length) return done(ok);
        s.write(`${steps[step]}\r\n`);
      }
    });
  });
}

export function fblSender(t: FblTarget) {
  const queue: string[] = [];
  let running: Promise<void> | undefined;
  let n = 0;
  const stats = { sent: 0, failed: 0, dropped: 0 };
  const pump = async () => {
    while (queue.length > 0) (await sendMail(t, 'fbl@warmup-sim.invalid', queue.shift()!)) ? stats.sent++ : stats.failed++;
    running = undefined;
  };
  return {
    stats,
    send: (c: LiveComplaint) => {
      if (queue.length >= MAX_QUEUE) return void stats.dropped++;
      queue.push(arfMessage(c, { to: t.address, id: n++ }));
      running ??= pump();
    },
    close: async () => {
      await running;
    },
  };
}
