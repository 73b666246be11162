import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { forEachLine, LogReadError, type LogInput } from '../../../src/logs/lines.ts';
import { readKumoLog } from '../../../src/logs/index.ts';

async function lines(input: LogInput, maxLineLength?: number) {
  const out: [number, string][] = [];
  const long: number[] = [];
  const end = await forEachLine(
    input,
    (l, n) => out.push([n, l]),
    (n) => long.push(n),
    maxLineLength === undefined ? {} : { maxLineLength },
  );
  return { out, long, end };
}

const dir = mkdtempSync(join(tmpdir(), 'warmup-lines-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('log line input', () => {
  it('LF, CRLF, a byte-order mark, no final newline', async () => {
    const { out, end } = await lines(Buffer.from('\ufeffone\r\ntwo\n\nfour'));
    expect(out).toEqual([
      [1, 'one'],
      [2, 'two'],
      [3, ''],
      [4, 'four'],
    ]);
    expect(end).toEqual({ lines: 4, error: '' });
  });

  it('UTF-8 characters cut across chunks, from a stream', async () => {
    const bytes = Buffer.from('é€😀 line one\nsecond ✓\n');
    const chunks = Array.from(bytes).map((b) => Buffer.from([b]));
    const { out } = await lines(Readable.from(chunks));
    expect(out).toEqual([
      [1, 'é€😀 line one'],
      [2, 'second ✓'],
    ]);
  });

  it('plain and gzip files give the same lines, found by the magic bytes', async () => {
    const text = Array.from({ length: 30_000 }, (_, i) => `line ${i} ${'x'.repeat(i % 50)} ü`).join('\n') + '\n';
    writeFileSync(join(dir, 'plain.log'), text);
    writeFileSync(join(dir, 'packed.log'), gzipSync(text));
    const a = await lines(join(dir, 'plain.log'));
    const b = await lines(join(dir, 'packed.log'));
    expect(a.out.length).toBe(30_000);
    expect(b.out).toEqual(a.out);
    expect(a.out[29_999]).toEqual([30_000, `line 29999 ${'x'.repeat(49)} ü`]);
    const c = await lines(Readable.from([gzipSync(text)]));
    expect(c.out.length).toBe(30_000);
  });

  it('corrupt gzip ends the input with a reason, keeping what was read', async () => {
    const gz = gzipSync(
      Array.from({ length: 5000 }, (_, i) => `{"type":"Delivery","timestamp":${1796112000 + i},"recipient":"a${i}@gmail.com"}`).join('\n'),
    );
    writeFileSync(join(dir, 'cut.gz'), gz.subarray(0, gz.length - 200));
    const records: number[] = [];
    const s = await readKumoLog(join(dir, 'cut.gz'), (r) => records.push(r.time));
    expect(records.length).toBeGreaterThan(1000);
    expect(s.bad).toBeGreaterThanOrEqual(1);
    expect(s.badSamples.at(-1)!.reason).toMatch(/^gzip data is corrupt or truncated/);
  });

  it('an over-long line is reported once and skipped', async () => {
    const { out, long } = await lines(Buffer.from(`a\n${'y'.repeat(5000)}\nb\n`), 1000);
    expect(out).toEqual([
      [1, 'a'],
      [3, 'b'],
    ]);
    expect(long).toEqual([2]);
    const huge = await lines(
      Readable.from([Buffer.from('a\n'), Buffer.alloc(3000, 120), Buffer.alloc(3000, 120), Buffer.from('z\nb')]),
      1000,
    );
    expect(huge.out).toEqual([
      [1, 'a'],
      [3, 'b'],
    ]);
    expect(huge.long).toEqual([2]);
  });

  it.each([
    [join(tmpdir(), 'warmup-no-such-file.log'), /warmup-no-such-file.log: no such file$/],
    [tmpdir(), /: is a directory, not a log file$/],
  ])('an unreadable input is one clear error: %s', async (path, message) => {
    await expect(lines(path)).rejects.toThrow(LogReadError);
    await expect(lines(path)).rejects.toThrow(message);
  });

  it('an empty input has no lines', async () => {
    expect((await lines(Buffer.alloc(0))).end).toEqual({ lines: 0, error: '' });
    expect((await lines(Readable.from([]))).end).toEqual({ lines: 0, error: '' });
  });
});
