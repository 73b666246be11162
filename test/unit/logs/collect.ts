/** Test helper: every record of a reader, with its summary. */
import type { LogRecord, LogSummary, OnRecord } from '../../../src/logs/index.ts';

export async function collect<O>(
  read: (input: Buffer | string, on: OnRecord, opts?: O) => Promise<LogSummary>,
  input: Buffer | string,
  opts?: O,
): Promise<{ records: LogRecord[]; summary: LogSummary }> {
  const records: LogRecord[] = [];
  const summary = await read(
    typeof input === 'string' && !input.startsWith('/') ? Buffer.from(input) : input,
    (r) => records.push(r),
    opts,
  );
  return { records, summary };
}
