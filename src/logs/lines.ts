/**
 * Lines of a log, streamed: a file path ('-' = standard input) or a stream, plain or gzip (found
 * by the magic bytes 1f 8b, RFC 1952, not by the name), decoded in 1 MiB chunks cut after their
 * last LF (a UTF-8 character never spans one; pure-ASCII chunks take the cheaper one-byte decode)
 * and split on LF (a CR before it is dropped, as are a leading byte-order mark and an empty last
 * line). Nothing but the current chunk is held. A file that cannot be opened is a LogReadError
 * with one clear line; corrupt or truncated gzip data ends the input and is reported as its last,
 * bad, line, so the records read so far are kept. Node's own readline is slower on long lines
 * (bench/log-ingest.ts measures both).
 */
import { open } from 'node:fs/promises';
import { createReadStream } from 'node:fs';
import { pipeline, Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { isAscii } from 'node:buffer';

/** A path ('-' = stdin), a readable byte stream, or (for tests) the whole text as a Buffer. */
export type LogInput = string | NodeJS.ReadableStream | Buffer;

/** The input cannot be read at all (no such file, a directory, no permission). */
export class LogReadError extends Error {
  override name = 'LogReadError';
}

export interface LineOptions {
  /** Longer lines are reported bad and skipped (default 1 MiB). */
  readonly maxLineLength?: number;
}

export interface LineEnd {
  /** Lines passed to the callback. */
  lines: number;
  /** Why the input ended early (corrupt gzip data), '' when it ended normally. */
  error: string;
}

/** `onLine(line, n)` for each line (n from 1); `onLong(n, head)` for each over-long line. */
export async function forEachLine(
  input: LogInput,
  onLine: (line: string, n: number) => void,
  onLong: (n: number, head: string) => void = () => {},
  opts: LineOptions = {},
): Promise<LineEnd> {
  const max = opts.maxLineLength ?? 1 << 20;
  let n = 0;
  let skipping = false;
  let first = true;
  let tail: Buffer | undefined;
  /** Splits text made of whole lines (each ending in LF, the last one possibly not). */
  const feed = (s: string, final: boolean) => {
    let start = 0;
    if (first && s.length > 0) {
      first = false;
      if (s.charCodeAt(0) === 0xfeff) start = 1;
    }
    for (;;) {
      let nl = s.indexOf('\n', start);
      if (nl < 0) {
        if (!final || start >= s.length) break;
        nl = s.length;
      }
      n++;
      if (skipping) skipping = false;
      else {
        const end = nl > start && s.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
        if (end - start > max) onLong(n, s.slice(start, start + 200));
        else onLine(s.slice(start, end), n);
      }
      start = nl + 1;
    }
  };
  const decode = (b: Buffer, end: number) => b.toString(isAscii(b.subarray(0, end)) ? 'latin1' : 'utf8', 0, end);
  let error = '';
  try {
    for await (const chunk of await byteStream(input)) {
      const buf: Buffer = tail === undefined ? (chunk as Buffer) : Buffer.concat([tail, chunk as Buffer]);
      const last = buf.lastIndexOf(10);
      if (last < 0) {
        if (buf.length > max) {
          // a line longer than allowed: report it once, drop bytes until its end
          if (!skipping) onLong(n + 1, buf.subarray(0, 200).toString('utf8'));
          skipping = true;
          tail = undefined;
        } else tail = Buffer.from(buf);
        continue;
      }
      tail = last + 1 < buf.length ? Buffer.from(buf.subarray(last + 1)) : undefined;
      // decode in pieces under V8's large-object size (128 KiB): the pieces and the lines sliced
      // from them then live and die in the young generation instead of the large-object space
      for (let from = 0; from <= last;) {
        let to = from + PIECE >= last ? last : buf.lastIndexOf(10, from + PIECE);
        if (to < from) to = buf.indexOf(10, from + PIECE);
        feed(decode(buf.subarray(from, to + 1), to + 1 - from), false);
        from = to + 1;
      }
    }
  } catch (e) {
    if (e instanceof LogReadError) throw e;
    const err = e as NodeJS.ErrnoException;
    if (typeof err.code === 'string' && err.code.startsWith('Z_')) error = `gzip data is corrupt or truncated (${err.message})`;
    else throw new LogReadError(`${describe(input)}: read failed (${err.code ?? err.message})`);
  }
  if (tail !== undefined && tail.length > 0) {
    if (skipping) n++;
    else feed(decode(tail, tail.length), true);
  }
  return { lines: n, error };
}

function describe(input: LogInput): string {
  return typeof input === 'string' ? (input === '-' ? 'standard input' : input) : 'input stream';
}

const GZIP_0 = 0x1f,
  GZIP_1 = 0x8b;
const PIECE = 60_000;

/** The input as a stream of bytes, gunzipped when it starts with the gzip magic. */
async function byteStream(input: LogInput): Promise<AsyncIterable<Buffer> | Iterable<Buffer>> {
  if (Buffer.isBuffer(input)) {
    if (input[0] === GZIP_0 && input[1] === GZIP_1) return gunzip(Readable.from([input]));
    return [input];
  }
  if (typeof input === 'string' && input !== '-') {
    let fh;
    try {
      fh = await open(input, 'r');
      const head = Buffer.alloc(2);
      const { bytesRead } = await fh.read(head, 0, 2, 0);
      if ((await fh.stat()).isDirectory()) throw Object.assign(new Error('EISDIR'), { code: 'EISDIR' });
      const file = createReadStream(input, { fd: fh, highWaterMark: 1 << 20, autoClose: true, start: 0 });
      return bytesRead === 2 && head[0] === GZIP_0 && head[1] === GZIP_1 ? gunzip(file) : file;
    } catch (e) {
      await fh?.close().catch(() => {});
      throw new LogReadError(`${input}: ${openError(e as NodeJS.ErrnoException)}`);
    }
  }
  const stream = (input === '-' ? process.stdin : input) as NodeJS.ReadableStream;
  const it = (stream as AsyncIterable<Buffer | string>)[Symbol.asyncIterator]();
  const firstChunk = await it.next();
  if (firstChunk.done === true) return [];
  const head = typeof firstChunk.value === 'string' ? Buffer.from(firstChunk.value) : firstChunk.value;
  async function* all(): AsyncGenerator<Buffer> {
    yield head;
    for (let r = await it.next(); r.done !== true; r = await it.next()) yield typeof r.value === 'string' ? Buffer.from(r.value) : r.value;
  }
  return head[0] === GZIP_0 && head[1] === GZIP_1 ? gunzip(Readable.from(all())) : all();
}

function gunzip(source: NodeJS.ReadableStream): AsyncIterable<Buffer> {
  const z = createGunzip({ chunkSize: 1 << 20 });
  pipeline(source as Readable, z, () => {});
  return z;
}

function openError(e: NodeJS.ErrnoException): string {
  switch (e.code) {
    case 'ENOENT':
      return 'no such file';
    case 'EISDIR':
      return 'is a directory, not a log file';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    default:
      return `cannot be read (${e.code ?? e.message})`;
  }
}
