/**
 * A small sender that follows the seed playbook for Microsoft (max 2 connections per IP,
 * 20 messages/hour/IP to start, a 30-minute pause on 451 4.7.650), on the model clock of a live
 * server (time-compressed), sending through nodemailer's pooled SMTP transport from one source
 * address. It stops when its wall time is up, leaving the rest of its queue unsent.
 */
import nodemailer from 'nodemailer';

export interface ShapedResult {
  attempts: number;
  accepted: number;
  deferred: number;
  blocked: number;
  other: number;
}

export interface ShapedOptions {
  readonly port: number;
  readonly localAddress: string;
  readonly messages: readonly { from: string; to: string }[];
  /** Model seconds per wall second. */
  readonly scale: number;
  readonly wallMs: number;
  readonly perHour?: number;
  readonly pauseMinutes?: number;
}

export async function runShaped(o: ShapedOptions): Promise<ShapedResult> {
  const perHour = o.perHour ?? 20;
  const gapMs = (3600 / perHour / o.scale) * 1000;
  const pauseMs = ((o.pauseMinutes ?? 30) * 60 * 1000) / o.scale;
  const transport = nodemailer.createTransport({
    host: '127.0.0.1',
    port: o.port,
    pool: true,
    maxConnections: 2,
    localAddress: o.localAddress,
    ignoreTLS: true,
    secure: false,
  });
  const r: ShapedResult = { attempts: 0, accepted: 0, deferred: 0, blocked: 0, other: 0 };
  const queue = [...o.messages];
  const end = Date.now() + o.wallMs;
  let next = Date.now();
  const sleep = (ms: number) => new Promise((res) => setTimeout(res, Math.max(0, Math.min(ms, end - Date.now()))));
  while (queue.length > 0 && Date.now() < end) {
    await sleep(next - Date.now());
    if (Date.now() >= end) break;
    const m = queue.shift()!;
    r.attempts++;
    try {
      await transport.sendMail({
        envelope: { from: m.from, to: [m.to] },
        raw: `From: <${m.from}>\r\nTo: <${m.to}>\r\nSubject: shaped\r\n\r\nhello\r\n`,
      });
      r.accepted++;
      next += gapMs;
    } catch (e) {
      const text = String((e as { response?: string }).response ?? '');
      if (/4\.7\.650/.test(text)) {
        r.deferred++;
        queue.unshift(m); // retry it after the pause
        next = Date.now() + pauseMs;
      } else if (/S31[45]0|5\.7\.606/.test(text)) r.blocked++;
      else r.other++;
    }
  }
  transport.close();
  return r;
}
