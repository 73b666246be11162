/**
 * Lines of a log, streamed: a file path ('-' = standard input) or a stream, plain or gzip (found
 * by the magic bytes 1f 8b, RFC 1952, not by the name), decoded as UTF-8 in 1 MiB chunks and
 * split on LF (a CR before it is dropped, as are a leading byte-order mark and an empty last
 * line). Nothing but the current chunk is held. A file that cannot be opened is a LogReadError
 * with one clear line; corrupt or truncated gzip data ends the input and is reported as its last,
 * bad, line, so the records read so far are kept. Node's own readline is slower on long lines
 * (bench/log-ingest.ts measures both).
 */
import { open } from 'node:fs/promises';
import { createReadStream } from 'node:fs';
import { pipeline, Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { StringDecoder } from 'node:string_decoder';

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
  const decoder = new StringDecoder('utf8');
  let rest = '';
  let n = 0;
  let skipping = false;
  let first = true;
  const feed = (text: string) => {
    let s = rest.length > 0 ? rest + text : text;
    let start = 0;
    if (first && s.length > 0) {
      first = false;
      if (s.charCodeAt(0) === 0xfeff) start = 1;
    }
    for (;;) {
      const nl = s.indexOf('\n', start);
      if (nl < 0) break;
      n++;
      if (skipping) skipping = false;
      else {
        const end = nl > start && s.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
        if (end - start > max) onLong(n, s.slice(start, start + 200));
        else onLine(s.slice(start, end), n);
      }
      start = nl + 1;
    }
    rest = start === 0 ? s : s.slice(start);
    if (rest.length > max) {
      if (!skipping) onLong(n + 1, rest.slice(0, 200));
      skipping = true;
      rest = '';
    }
    s = '';
  };
  let error = '';
  try {
    for await (const chunk of await byteStream(input)) feed(decoder.write(chunk as Buffer));
  } catch (e) {
    if (e instanceof LogReadError) throw e;
    const err = e as NodeJS.ErrnoException;
    if (typeof err.code === 'string' && err.code.startsWith('Z_')) error = `gzip data is corrupt or truncated (${err.message})`;
    else throw new LogReadError(`${describe(input)}: read failed (${err.code ?? err.message})`);
  }
  feed(decoder.end());
  if (rest.length > 0 && !skipping) {
    n++;
    onLine(rest.endsWith('\r') ? rest.slice(0, -1) : rest, n);
  }
  return { lines: n, error };
}

function describe(input: LogInput): string {
  return typeof input === 'string' ? (input === '-' ? 'standard input' : input) : 'input stream';
}

const GZIP_0 = 0x1f, GZIP_1 = 0x8b;

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
      const file = createReadStream(input, { fd: fh.fd, highWaterMark: 1 << 20, autoClose: true, start: 0 });
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
