/**
 * TOML text in the style of KumoMTA's shipped files (assets/policy-extras/shaping.toml): section
 * names quoted (`["default"]`, `[provider."outlook"]`, `["hotmail.com".sources."ip-1"]`), `match`
 * and other arrays inline, `[[...automation]]` rules as arrays of tables, regexes as literal
 * strings. Any JSON-like document round-trips: parsing the text (TOML 1.0) gives it back.
 */

type Value = string | number | boolean | Value[] | { [k: string]: Value };
type Table = { [k: string]: Value };

const isTable = (v: unknown): v is Table => typeof v === 'object' && v !== null && !Array.isArray(v);
const BARE = /^[A-Za-z0-9_-]+$/;
/** Section components written bare (structure words); every other one is quoted. */
const STRUCTURE = new Set(['provider', 'sources', 'automation', 'queue', 'source', 'pool', 'tenant', 'campaign']);

const key = (k: string) => (BARE.test(k) ? k : basic(k));
const sectionKey = (k: string) => (STRUCTURE.has(k) ? k : basic(k));
const basic = (s: string) => JSON.stringify(s).replace(/\u007f/g, '\\u007f');

function str(s: string, k: string): string {
  // regexes read best as literal strings (no escaping), as KumoMTA's file writes them
  if (k === 'regex' && !s.includes("'") && !/[\n\r]/.test(s)) return `'${s}'`;
  return basic(s);
}

function inline(v: Value, k: string): string {
  if (typeof v === 'string') return str(v, k);
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new Error(`cannot write ${v} in TOML`);
    return String(v);
  }
  if (typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `[${v.map((x) => inline(x, k)).join(', ')}]`;
  const entries = Object.entries(v);
  return entries.length === 0 ? '{}' : `{${entries.map(([kk, x]) => `${key(kk)} = ${inline(x, kk)}`).join(', ')}}`;
}

/** Whether a value goes in its own section: a non-empty table, or `automation` rules. */
const sectioned = (k: string, v: Value) =>
  (isTable(v) && Object.keys(v).length > 0) || (k === 'automation' && Array.isArray(v) && v.every(isTable));

function table(path: string[], t: Table, out: string[], header: boolean): void {
  const plain = Object.entries(t).filter(([k, v]) => !sectioned(k, v));
  if (header && (plain.length > 0 || Object.keys(t).length === 0)) out.push('', `[${path.map(sectionKey).join('.')}]`);
  for (const [k, v] of plain) out.push(`${key(k)} = ${inline(v, k)}`);
  for (const [k, v] of Object.entries(t)) {
    if (!sectioned(k, v)) continue;
    if (Array.isArray(v))
      for (const rule of v as Table[]) {
        out.push('', `[[${[...path, k].map(sectionKey).join('.')}]]`);
        for (const [kk, x] of Object.entries(rule)) out.push(`${key(kk)} = ${inline(x, kk)}`);
      }
    else table([...path, k], v as Table, out, true);
  }
}

/** The document as TOML, after `comment` lines (each prefixed with `# `). */
export function writeToml(doc: Record<string, unknown>, comment: readonly string[] = []): string {
  const out: string[] = comment.map((c) => (c === '' ? '#' : `# ${c}`));
  table([], doc as Table, out, false);
  return `${out.join('\n').replace(/^\n+/, '')}\n`;
}
