/**
 * The live SMTP server: listeners (one per provider it impersonates, loopback by default) whose
 * every answer comes from a {@link LiveModel} at the model clock's time, with a transcript of
 * every command, reply and decision. Nothing is relayed: each message is counted and discarded,
 * or written to `keepDir` (temp file, then renamed). Limits: message size (552 5.3.4), command
 * line length (smtp-server closes with 421), idle/stalled clients (socket timeout, 421), client
 * count (421), listen backlog.
 */
import { mkdirSync, renameSync, createWriteStream, unlink } from 'node:fs';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import type { SMTPServerAddress, SMTPServerDataStream, SMTPServerSession } from 'smtp-server';
import type { ProviderName, Scenario } from './adapter.ts';
import { ModelClock, type WallClock } from './clock.ts';
import { LiveModel, type Decision, type LiveComplaint } from './model.ts';
import { Recipients } from './recipients.ts';
import type { ScriptSpec } from './scripted.ts';
import { LiveSmtpServer } from './smtp.ts';
import { NO_TRANSCRIPT, TRANSCRIPT_VERSION, type DecisionKind, type TranscriptSink } from './transcript.ts';
import { markedText, replyError } from './wire.ts';

export interface ListenSpec {
  readonly provider: ProviderName;
  readonly host: string;
  readonly port: number;
}

export interface LiveServerOptions {
  readonly scenario: Scenario;
  readonly scenarioFile?: string;
  readonly scenarioText?: string;
  readonly listen: readonly ListenSpec[];
  readonly scale: number;
  readonly startAt?: number;
  readonly map?: readonly (readonly [string, string])[];
  readonly script?: ScriptSpec | undefined;
  readonly transcript?: TranscriptSink;
  readonly keepDir?: string | undefined;
  readonly maxMessageBytes?: number;
  readonly maxLineBytes?: number;
  readonly socketTimeoutMs?: number;
  readonly maxClients?: number;
  readonly backlog?: number;
  /** Greeting host name. */
  readonly name?: string;
  readonly wall?: WallClock;
  readonly onComplaintCopy?: (c: LiveComplaint) => void;
  readonly modelDuration?: number;
}

export interface LiveServer {
  readonly model: LiveModel;
  readonly clock: ModelClock;
  /** Listeners as bound (port 0 becomes the real port). */
  readonly bound: readonly ListenSpec[];
  /** Stops listening, closes client connections, ends the transcript. */
  close(): Promise<void>;
}

const HEADER_BYTES = 16384;

export async function startLive(o: LiveServerOptions): Promise<LiveServer> {
  const clock = new ModelClock(o.scale, o.startAt ?? 0, o.wall);
  const model = new LiveModel({
    scenario: o.scenario,
    map: o.map ?? [],
    script: o.script,
    ...(o.onComplaintCopy ? { onComplaintCopy: o.onComplaintCopy } : {}),
  });
  const tr = o.transcript ?? NO_TRANSCRIPT;
  tr.write({
    ev: 'start',
    version: TRANSCRIPT_VERSION,
    scale: o.scale,
    startAt: clock.startAt,
    scenarioFile: o.scenarioFile ?? '',
    scenarioText: o.scenarioText ?? '',
    map: o.map ?? [],
    script: o.script,
    listeners: o.listen,
  });
  let kept = 0;
  const on = tr !== NO_TRANSCRIPT; // no records built when nothing is recorded (the hot path)
  const rec = (c: number, ev: DecisionKind, m: number, d: Decision | undefined, extra: { arg?: string; provider?: string } = {}) =>
    on && tr.write({ t: round3(clock.wallMs()), m, c, ev, ...extra, ...(d?.reply !== undefined ? { reply: d.reply } : {}) });
  const connOf = (s: SMTPServerSession) => Number(s.id);
  const answer = (d: Decision, cb: (err?: Error | null) => void) => (d.reply === undefined ? cb() : cb(replyError(d.reply)));

  const ids = { next: 1 }; // one id space for every listener: the model keys its connections by id
  const servers = o.listen.map((spec) => {
    const provider = model.providerId(spec.provider);
    if (provider < 0) throw new Error(`unknown provider "${spec.provider}"`);
    return new LiveSmtpServer(
      {
        name: o.name ?? 'mx.warmup-sim.invalid',
        banner: `warmup-sim live model of ${spec.provider}`,
        logger: false,
        disableReverseLookup: true,
        hideENHANCEDSTATUSCODES: false,
        hideDSN: false,
        hideSTARTTLS: true,
        disabledCommands: ['AUTH', 'STARTTLS'],
        authOptional: true,
        size: o.maxMessageBytes ?? 10 * 1024 * 1024,
        rejectOversized: true,
        maxCommandLength: o.maxLineBytes ?? 2048,
        socketTimeout: o.socketTimeoutMs ?? 60_000,
        closeTimeout: 1000,
        maxClients: o.maxClients ?? 4000,
        onConnect(session, cb) {
          const m = clock.now();
          const d = model.connect(connOf(session), session.remoteAddress, provider, m);
          rec(connOf(session), 'connect', m, d, { arg: session.remoteAddress, provider: spec.provider });
          answer(d, cb);
        },
        onMailFrom(address: SMTPServerAddress, session, cb) {
          const m = clock.now();
          const d = model.mailFrom(connOf(session), address.address, m);
          rec(connOf(session), 'mail', m, d, { arg: address.address });
          answer(d, cb);
        },
        onRcptTo(address: SMTPServerAddress, session, cb) {
          const m = clock.now();
          const d = model.rcptTo(connOf(session), address.address, m);
          rec(connOf(session), 'rcpt', m, d, { arg: address.address });
          answer(d, cb);
        },
        onData(stream: SMTPServerDataStream, session, cb) {
          const c = connOf(session);
          const keep = o.keepDir !== undefined ? keepFile(o.keepDir, `${process.pid}-${c}-${kept++}.eml`) : undefined;
          readMessage(stream, keep?.stream).then(
            (header) => {
              const m = clock.now();
              if (stream.sizeExceeded) {
                model.reset(c, m);
                rec(c, 'reset', m, undefined);
                keep?.discard();
                return cb();
              }
              const from = fromDomain(header);
              const d = model.dataEnd(c, from, m);
              rec(c, 'data', m, d, from !== undefined ? { arg: from } : {});
              if (d.reply !== undefined && d.reply.startsWith('2')) keep?.commit();
              else keep?.discard();
              if (d.reply === undefined) return cb();
              return d.reply.startsWith('2') ? cb(null, markedText(d.reply)) : cb(replyError(d.reply));
            },
            () => cb(),
          );
        },
        onClose(session) {
          const m = clock.now();
          model.close(connOf(session), m);
          rec(connOf(session), 'close', m, undefined);
        },
      },
      {
        command: (c, line) => {
          if (on) tr.write({ t: round3(clock.wallMs()), m: round3(clock.now()), c, ev: 'cmd', arg: line.toString() });
          if (resets(line)) {
            const m = clock.now();
            model.reset(c, m);
            rec(c, 'reset', m, undefined);
          }
        },
        reply: (c, code, data) =>
          on &&
          tr.write({
            t: round3(clock.wallMs()),
            m: round3(clock.now()),
            c,
            ev: 'reply',
            code,
            lines: typeof data === 'string' ? [data] : data.map(String),
          }),
      },
      ids,
    );
  });

  const bound = await Promise.all(
    servers.map(
      (s, i) =>
        new Promise<ListenSpec>((resolve, reject) => {
          const spec = o.listen[i]!;
          s.server.once('error', reject);
          s.server.listen({ host: spec.host, port: spec.port, backlog: o.backlog ?? 2048 }, () => {
            const a = s.server.address();
            resolve({ ...spec, port: typeof a === 'object' && a !== null ? a.port : spec.port });
          });
        }),
    ),
  );
  for (const s of servers) s.on('error', () => {}); // client socket errors (resets) are normal here

  // reactions, complaint copies and hourly receiver work happen on the model clock even when no
  // client talks (extra advances do not change any decision: events run in time order either way)
  const ticker = setInterval(() => model.advance(clock.now()), 1000);
  ticker.unref();
  return {
    model,
    clock,
    bound,
    close: async () => {
      clearInterval(ticker);
      await Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
      await tr.close();
    },
  };
}

/** Reads a message to its end, keeping its first bytes (the header) and copying it to `keep`. */
function readMessage(stream: Readable, keep: NodeJS.WritableStream | undefined): Promise<string> {
  return new Promise((resolve, reject) => {
    const head: Buffer[] = [];
    let headBytes = 0;
    stream.on('data', (chunk: Buffer) => {
      if (headBytes < HEADER_BYTES) {
        head.push(chunk.subarray(0, HEADER_BYTES - headBytes));
        headBytes += Math.min(chunk.length, HEADER_BYTES - headBytes);
      }
      keep?.write(chunk);
    });
    stream.on('end', () => resolve(Buffer.concat(head).toString('latin1')));
    stream.on('error', reject);
  });
}

/** The domain of the From header in a message header block, lower-cased. */
export function fromDomain(header: string): string | undefined {
  const end = header.search(/\r?\n\r?\n/);
  const block = (end < 0 ? header : header.slice(0, end)).replace(/\r?\n[ \t]+/g, ' ');
  const line = /^from:(.*)$/im.exec(block)?.[1];
  if (line === undefined) return undefined;
  const addr = /<([^>]*)>/.exec(line)?.[1] ?? line.trim();
  const d = Recipients.domainOf(addr.trim());
  return d === '' ? undefined : d;
}

function keepFile(dir: string, name: string): { stream: NodeJS.WritableStream; commit(): void; discard(): void } {
  mkdirSync(dir, { recursive: true });
  const tmp = join(dir, `.${name}.partial`);
  const stream = createWriteStream(tmp);
  stream.on('error', () => {});
  return {
    stream,
    commit: () => stream.end(() => renameSync(tmp, join(dir, name))),
    discard: () => stream.end(() => unlink(tmp, () => {})),
  };
}

/** RSET, EHLO or HELO (any case), read from the command's bytes. */
function resets(line: Buffer): boolean {
  if (line.length < 4) return false;
  const w = ((line[0]! | 0x20) << 24) | ((line[1]! | 0x20) << 16) | ((line[2]! | 0x20) << 8) | (line[3]! | 0x20);
  return w === 0x72736574 || w === 0x65686c6f || w === 0x68656c6f; // rset, ehlo, helo
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
