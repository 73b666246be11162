/**
 * The transcript of a live run, JSON Lines: a `start` record (format version, time scale, the
 * scenario's text, the address map, the script), then one record per event in the order the
 * model saw them: `t` wall milliseconds since start, `m` model seconds, `c` connection id, `ev`
 * the kind. Kinds: `cmd` (a command line), `reply` (a reply as sent: code and lines), and the
 * model's decisions `connect`, `mail`, `rcpt`, `data`, `reset`, `close` with their inputs and
 * `reply` (the model text; absent when the server went on with its normal success reply).
 * Written to FILE.partial and renamed to FILE when the run ends (common.md: temp then rename).
 */
import { createWriteStream, renameSync, type WriteStream } from 'node:fs';
import type { ScriptSpec } from './scripted.ts';

export const TRANSCRIPT_VERSION = 1;

export interface StartRecord {
  readonly ev: 'start';
  readonly version: number;
  readonly scale: number;
  readonly startAt: number;
  readonly scenarioFile: string;
  readonly scenarioText: string;
  readonly map: readonly (readonly [string, string])[];
  readonly script: ScriptSpec | undefined;
  readonly listeners: readonly { provider: string; host: string; port: number }[];
  readonly modelDuration?: number;
}

export type DecisionKind = 'connect' | 'mail' | 'rcpt' | 'data' | 'reset' | 'close';

export interface EventRecord {
  readonly t: number;
  readonly m: number;
  readonly c: number;
  readonly ev: DecisionKind | 'cmd' | 'reply';
  /** connect: client address; mail: sender; rcpt: recipient; data: From domain; cmd: the line. */
  readonly arg?: string;
  /** connect: provider name. */
  readonly provider?: string;
  /** Decision: the model's reply text. reply: the code. */
  readonly reply?: string;
  readonly code?: number;
  readonly lines?: readonly string[];
}

export type TranscriptRecord = StartRecord | EventRecord;

export interface TranscriptSink {
  write(r: TranscriptRecord): void;
  close(): Promise<void>;
}

/** Appends records to FILE.partial; `close` renames it to FILE. */
export function transcriptFile(file: string): TranscriptSink {
  const partial = `${file}.partial`;
  const out: WriteStream = createWriteStream(partial, { flags: 'w' });
  let failed: Error | undefined;
  out.on('error', (e) => (failed = e));
  return {
    write: (r) => {
      if (failed === undefined) out.write(`${JSON.stringify(r)}\n`);
    },
    close: () =>
      new Promise((resolve, reject) => {
        out.end(() => {
          if (failed !== undefined) return reject(new Error(`transcript ${file}: ${failed.message}`));
          renameSync(partial, file);
          resolve();
        });
      }),
  };
}

/** Keeps records in memory (tests). */
export function transcriptMemory(into: TranscriptRecord[]): TranscriptSink {
  return { write: (r) => void into.push(r), close: async () => {} };
}

export const NO_TRANSCRIPT: TranscriptSink = { write: () => {}, close: async () => {} };
