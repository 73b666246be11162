/**
 * The text of a `--grid PATH=v1,v2,...` axis. PATH is keys joined by dots, with `[i]` indexes; a
 * key that contains dots or brackets is quoted, `"hotmail.com"` or `'hotmail.com'`, or written
 * in brackets, `["hotmail.com"]` (so a KumoMTA shaping key is reachable:
 * `policies.kumo.shaping."hotmail.com".max_message_rate`). Values are separated by commas; a value
 * that contains a comma is quoted (`"100/day,max_burst=1"`) or escapes it (`100/day\,max_burst=1`);
 * `\\` is a backslash and `\"` a quote. Unquoted values that read as numbers or true/false become
 * those; quoted values stay strings.
 */

/** Position of the first `=` outside quotes and brackets, or -1. */
function firstEquals(spec: string): number {
  let quote = '';
  let depth = 0;
  for (let i = 0; i < spec.length; i++) {
    const c = spec[i]!;
    if (c === '\\') i++;
    else if (quote !== '') quote = c === quote ? '' : quote;
    else if (c === '"' || c === "'") quote = c;
    else if (c === '[') depth++;
    else if (c === ']') depth--;
    else if (c === '=' && depth === 0) return i;
  }
  return -1;
}

/** "PATH=values" split at the `=` that ends the path, or undefined. */
export function splitSpec(spec: string): { path: string; values: string } | undefined {
  const eq = firstEquals(spec);
  if (eq <= 0 || eq === spec.length - 1) return undefined;
  return { path: spec.slice(0, eq).trim(), values: spec.slice(eq + 1) };
}

/** Reads a quoted string starting at `i` (the quote); returns its text and the index after it. */
function quoted(s: string, i: number): { text: string; end: number } | undefined {
  const q = s[i]!;
  let out = '';
  for (let j = i + 1; j < s.length; j++) {
    const c = s[j]!;
    if (c === '\\' && j + 1 < s.length) out += s[++j];
    else if (c === q) return { text: out, end: j + 1 };
    else out += c;
  }
  return undefined;
}

/** The keys of a path: strings, and numbers for `[i]`; a string describing the problem if it is not a path. */
export function pathSegments(path: string): (string | number)[] | string {
  const keys: (string | number)[] = [];
  let i = 0;
  let expectKey = true;
  while (i < path.length) {
    const c = path[i]!;
    if (c === '[') {
      const close = path.indexOf(']', i);
      const inner = path.slice(i + 1, close < 0 ? undefined : close).trim();
      if (/^\d+$/.test(inner)) {
        keys.push(Number(inner));
        i = close + 1;
      } else if (inner.startsWith('"') || inner.startsWith("'")) {
        const q = quoted(path, path.indexOf(inner[0]!, i));
        if (q === undefined || path.slice(q.end).trimStart()[0] !== ']') return `unclosed [ in "${path}"`;
        keys.push(q.text);
        i = path.indexOf(']', q.end) + 1;
      } else return `expected [index] or ["key"] at "${path.slice(i)}"`;
      expectKey = false;
    } else if (c === '.') {
      if (expectKey) return `empty key in "${path}"`;
      expectKey = true;
      i++;
    } else if (c === '"' || c === "'") {
      const q = quoted(path, i);
      if (q === undefined) return `unclosed quote in "${path}"`;
      keys.push(q.text);
      i = q.end;
      expectKey = false;
    } else {
      const m = /^[^.[\]"']+/.exec(path.slice(i))!;
      keys.push(m[0]);
      i += m[0].length;
      expectKey = false;
    }
  }
  if (expectKey) return `empty key in "${path}"`;
  return keys;
}

/** The values of an axis (see the file comment for quoting and escapes). */
export function splitValues(text: string): (string | number | boolean)[] {
  const out: (string | number | boolean)[] = [];
  let cur = '';
  let wasQuoted = false;
  const push = () => {
    const v = wasQuoted ? cur : cur.trim();
    if (wasQuoted) out.push(v);
    else if (v !== '') out.push(v === 'true' ? true : v === 'false' ? false : /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : v);
    cur = '';
    wasQuoted = false;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\\' && i + 1 < text.length) cur += text[++i];
    else if ((c === '"' || c === "'") && cur.trim() === '') {
      const q = quoted(text, i);
      if (q === undefined) {
        cur += c;
        continue;
      }
      cur = q.text;
      wasQuoted = true;
      i = q.end - 1;
    } else if (c === ',') push();
    else if (!wasQuoted) cur += c;
  }
  push();
  return out;
}
