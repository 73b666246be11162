/**
 * A source-IP mapping file for Postfix logs (syslog name -> egress IP, as master.cf's
 * `-o syslog_name=postfix-ip2 -o smtp_bind_address=192.0.2.2` pairs them): either a JSON object
 * {"postfix-ip2": "192.0.2.2"} or lines "postfix-ip2 192.0.2.2" (also "=" or "," between), with
 * '#' comments and blank lines. A malformed line is a LogReadError naming file:line:column.
 */
import { readFileSync } from 'node:fs';
import { LogReadError } from './lines.ts';

export function parseIpMap(text: string, file = 'mapping'): Record<string, string> {
  const trimmed = text.trim();
  if (trimmed.startsWith('{')) {
    let o: unknown;
    try {
      o = JSON.parse(trimmed);
    } catch (e) {
      throw new LogReadError(`${file}:1:1: not valid JSON (${(e as Error).message})`);
    }
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(o as Record<string, unknown>)) {
      if (typeof v !== 'string') throw new LogReadError(`${file}:1:1: the value of "${k}" must be an IP address string`);
      out[k] = v;
    }
    return out;
  }
  const out: Record<string, string> = {};
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.replace(/#.*/, '').trim();
    if (line === '') return;
    const m = /^(\S+?)\s*[\s=,]\s*(\S+)$/.exec(line);
    if (m === null) throw new LogReadError(`${file}:${i + 1}:1: expected 'syslog-name ip', found '${line.slice(0, 60)}'`);
    out[m[1]!] = m[2]!;
  });
  return out;
}

export function readIpMap(path: string): Record<string, string> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new LogReadError(
      `${path}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : `cannot be read (${code ?? 'error'})`}`,
    );
  }
  return parseIpMap(text, path);
}
