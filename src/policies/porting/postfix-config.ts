/**
 * Postfix's configuration syntax (postconf(5) "Postfix main.cf file format", master(5)):
 * main.cf is `name = value`, a line starting with whitespace continues the previous one, `#` starts
 * a comment only at the start of a line, and `$name` / `${name}` refer to other parameters.
 * master.cf has one service per entry (`service type private unpriv chroot wakeup maxproc command`),
 * continued by indented lines, with `-o name=value` overrides of main.cf for that service.
 */

export interface MainCfEntry {
  readonly value: string;
  readonly line: number;
}

export interface MasterService {
  readonly name: string;
  readonly type: string;
  readonly command: string;
  readonly overrides: Readonly<Record<string, string>>;
  readonly line: number;
}

/** Logical lines (continuations joined), with the number of the line each starts on. */
function logicalLines(text: string): { text: string; line: number }[] {
  const out: { text: string; line: number }[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    if (/^\s*#/.test(raw) || raw.trim() === '') return;
    if (/^\s/.test(raw) && out.length > 0) out[out.length - 1]!.text += ` ${raw.trim()}`;
    else out.push({ text: raw.trim(), line: i + 1 });
  });
  return out;
}

/** main.cf parameters (the last setting of a name wins, as in Postfix), or the line that is not `name = value`. */
export function parseMainCf(text: string): { ok: true; params: Map<string, MainCfEntry> } | { ok: false; line: number; message: string } {
  const params = new Map<string, MainCfEntry>();
  for (const l of logicalLines(text)) {
    const m = /^([A-Za-z0-9_.-]+)\s*=\s*(.*)$/.exec(l.text);
    if (!m) return { ok: false, line: l.line, message: `expected "name = value", found "${l.text.slice(0, 60)}"` };
    params.set(m[1]!, { value: m[2]!.trim(), line: l.line });
  }
  return { ok: true, params };
}

/** `$name` and `${name}` expanded from the other parameters (and Postfix defaults given), at most 10 levels deep. */
export function expand(value: string, get: (name: string) => string | undefined, depth = 0): string {
  if (depth > 10) return value;
  return value.replace(/\$(?:\{(\w+)\}|(\w+))/g, (whole, a: string | undefined, b: string | undefined) => {
    const v = get((a ?? b)!);
    return v === undefined ? whole : expand(v, get, depth + 1);
  });
}

/** master.cf services, or the line that is not a service entry. */
export function parseMasterCf(text: string): { ok: true; services: MasterService[] } | { ok: false; line: number; message: string } {
  const services: MasterService[] = [];
  for (const l of logicalLines(text)) {
    const f = l.text.split(/\s+/);
    if (f.length < 8)
      return {
        ok: false,
        line: l.line,
        message: `expected "service type private unpriv chroot wakeup maxproc command", found "${l.text.slice(0, 60)}"`,
      };
    const overrides: Record<string, string> = {};
    for (let i = 8; i < f.length; i++) {
      if (f[i] !== '-o') continue;
      const kv = /^([^=]+)=(.*)$/.exec(f[i + 1] ?? '');
      if (kv) overrides[kv[1]!.trim()] = kv[2]!.trim();
      i++;
    }
    services.push({ name: f[0]!, type: f[1]!, command: f[7]!, overrides, line: l.line });
  }
  return { ok: true, services };
}

/** A Postfix time value in seconds: `300s`, `5m`, `1h`, `5d`, `1w`, or a bare number in the parameter's default unit. */
export function postfixTime(value: string, unit: 's' | 'd'): number | undefined {
  const m = /^(\d+)\s*([smhdw]?)$/.exec(value.trim());
  if (!m) return undefined;
  const u = m[2] === '' ? unit : m[2]!;
  return Number(m[1]) * { s: 1, m: 60, h: 3600, d: 86400, w: 604800 }[u as 's']!;
}
