/**
 * Which MTA wrote a log, from its first lines (plain or gzip), for commands that take several
 * logs without a `--format`: a JSON object per line is KumoMTA (log_record.md), a CSV whose first
 * field is a PowerMTA record type (d, b, t, tq, f, r, rb, rs) or the header `type,timeLogged,...`
 * is PowerMTA accounting, and a syslog line (classic "Mon dd hh:mm:ss" or RFC 3339) naming a
 * `postfix` program is a Postfix maillog. Anything else is a LogReadError asking for the format.
 * Standard input cannot be looked at twice: it needs the format.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { constants, gunzipSync } from 'node:zlib';
import { LogReadError } from './lines.ts';

export type MtaLogFormat = 'kumomta' | 'powermta' | 'postfix';

const HEAD_BYTES = 64 * 1024;
const PMTA = /^"?(type|d|b|t|tq|f|r|rb|rs|delivery|bounce|transient|transient-queue|feedback|feedback-loop|receipt)"?,/;
const SYSLOG =
  /^([A-Z][a-z]{2} [ 0-9]\d \d\d:\d\d:\d\d|\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\S*) \S+ [^\s:[]*postfix[^\s:[]*(\/[\w.-]+)?(\[\d+\])?: /;

/** The format of one line, or '' when it does not tell. */
function formatOfLine(line: string): MtaLogFormat | '' {
  const s = line.trimStart();
  if (s.startsWith('{')) return 'kumomta';
  if (PMTA.test(s)) return 'powermta';
  if (SYSLOG.test(s)) return 'postfix';
  return '';
}

/** The format of a log file, by its first lines; a LogReadError when they do not tell. */
export function detectFormat(path: string): MtaLogFormat {
  if (path === '-') throw new LogReadError('standard input: give the log format (--format kumomta|powermta|postfix)');
  let head: Buffer;
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const buf = Buffer.alloc(HEAD_BYTES);
    head = buf.subarray(0, readSync(fd, buf, 0, HEAD_BYTES, 0));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new LogReadError(
      `${path}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory, not a log file' : `cannot be read (${code ?? 'error'})`}`,
    );
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
  if (head[0] === 0x1f && head[1] === 0x8b) {
    try {
      head = gunzipSync(head, { finishFlush: constants.Z_SYNC_FLUSH });
    } catch {
      throw new LogReadError(`${path}: gzip data is corrupt`);
    }
  }
  const lines = head
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .split('\n')
    .slice(0, 50);
  for (const l of lines) {
    const f = formatOfLine(l);
    if (f !== '') return f;
  }
  const first = lines.find((l) => l.trim() !== '') ?? '';
  throw new LogReadError(
    `${path}: cannot tell which MTA wrote it (first line: '${first.slice(0, 60)}'); give --format kumomta|powermta|postfix`,
  );
}
