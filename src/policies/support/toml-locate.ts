/**
 * Where a key path is in a TOML file, for error messages: the line of the key inside the table
 * whose header names the path's tables (`[provider."outlook".sources."ip-1"]` then
 * `max_message_rate = ...`), or the header itself, or the key alone; 1:1 when not found.
 */

const unquote = (k: string) => k.trim().replace(/^"(.*)"$|^'(.*)'$/, '$1$2');

/** The dotted parts of a header `[a."b.c".d]` / `[[a.b]]`. */
function headerParts(line: string): string[] | undefined {
  const m = /^\s*\[\[?\s*(.*?)\s*\]\]?\s*(#.*)?$/.exec(line);
  if (!m) return undefined;
  return (m[1]!.match(/"[^"]*"|'[^']*'|[^.]+/g) ?? []).map(unquote);
}

export function locateToml(text: string, path: readonly (string | number)[]): { line: number; col: number } {
  const lines = text.split(/\r?\n/);
  const keys = path.filter((k): k is string => typeof k === 'string');
  for (let depth = keys.length - 1; depth >= 0; depth--) {
    const table = keys.slice(0, depth);
    const key = keys[depth]!;
    let inTable = table.length === 0;
    for (let i = 0; i < lines.length; i++) {
      const h = headerParts(lines[i]!);
      if (h !== undefined) {
        inTable = h.length === table.length && h.every((p, j) => p === table[j]);
        if (h.length === table.length + 1 && h.every((p, j) => p === [...table, key][j])) return { line: i + 1, col: 1 };
        continue;
      }
      const kv = /^(\s*)("[^"]*"|'[^']*'|[A-Za-z0-9_-]+)\s*=/.exec(lines[i]!);
      if (inTable && kv && unquote(kv[2]!) === key) return { line: i + 1, col: kv[1]!.length + 1 };
    }
  }
  return { line: 1, col: 1 };
}
