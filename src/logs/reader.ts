/**
 * The frame every line-based reader shares: stream the lines (lines.ts), hand each to the
 * format's parser with a context to emit records, count bad or ignored lines, and keep the
 * summary (summary.ts). A parser must not throw; if it does anyway, the line is counted bad with
 * the error's message, so one unexpected line cannot stop a run of millions (a LogReadError, a
 * reader's configuration error, does stop it).
 */
import { forEachLine, LogReadError, type LogInput } from './lines.ts';
import { LogRecord, type LogFormat } from './record.ts';
import { ProviderMap, DEFAULT_PROVIDERS, type ProviderTable } from './providers.ts';
import { ReplyCache } from './replies.ts';
import { countBad, countRecord, emptySummary, type LogSummary } from './summary.ts';

export interface ReadOptions {
  /** Recipient domain -> provider (default DEFAULT_PROVIDERS). */
  readonly providers?: ProviderTable;
  /** Longer lines are bad (default 1 MiB). */
  readonly maxLineLength?: number;
}

export type OnRecord = (r: LogRecord) => void;

/** What a format's line parser gets besides the line. */
export class LineContext {
  readonly providers: ProviderMap;
  readonly replies = new ReplyCache();

  constructor(
    readonly summary: LogSummary,
    private readonly onRecord: OnRecord,
    opts: ReadOptions,
  ) {
    this.providers = new ProviderMap(opts.providers ?? DEFAULT_PROVIDERS);
  }

  emit(r: LogRecord): void {
    countRecord(this.summary, r);
    this.onRecord(r);
  }

  bad(line: number, text: string, reason: string): void {
    countBad(this.summary, line, text, reason);
  }

  ignore(): void {
    this.summary.ignored++;
  }
}

export type LineParser = (line: string, n: number, ctx: LineContext) => void;

export async function readLines(
  format: LogFormat,
  input: LogInput,
  opts: ReadOptions,
  parse: LineParser,
  onRecord: OnRecord,
  finish?: (ctx: LineContext) => void,
): Promise<LogSummary> {
  const summary = emptySummary(format);
  const ctx = new LineContext(summary, onRecord, opts);
  const end = await forEachLine(
    input,
    (line, n) => {
      try {
        parse(line, n, ctx);
      } catch (e) {
        if (e instanceof LogReadError) throw e;
        ctx.bad(n, line, `unexpected: ${(e as Error).message}`);
      }
    },
    (n, head) => ctx.bad(n, head, 'line too long'),
    opts.maxLineLength === undefined ? {} : { maxLineLength: opts.maxLineLength },
  );
  finish?.(ctx);
  summary.lines = end.lines;
  if (end.error !== '') ctx.bad(end.lines + 1, '', end.error);
  return summary;
}

/** A fresh record of a format, with its line number. */
export function newRecord(format: LogFormat, line: number): LogRecord {
  const r = new LogRecord();
  r.format = format;
  r.line = line;
  return r;
}

/** The address inside optional angle brackets: "<a@b>" -> "a@b". */
export function unbracket(s: string): string {
  return s.length >= 2 && s.charCodeAt(0) === 60 && s.charCodeAt(s.length - 1) === 62 ? s.slice(1, -1) : s;
}

/** Sets recipient, domain and provider. */
export function setRecipient(ctx: LineContext, r: LogRecord, recipient: string): void {
  r.recipient = recipient;
  const at = recipient.lastIndexOf('@');
  const d = at < 0 ? '' : recipient.slice(at + 1);
  r.domain = d === d.toLowerCase() ? d : d.toLowerCase();
  r.provider = ctx.providers.of(r.domain, r.peerHost);
}
