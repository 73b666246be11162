/**
 * The PowerMTA configuration file's syntax (the stock /etc/pmta/config and the public config
 * generators quoted in docs/mta-behaviours.md section 2): one directive per line (`name value...`),
 * `#` comments, and nested blocks `<domain hotmail.com> ... </domain>`, `<virtual-mta v1>`,
 * `<virtual-mta-pool p>`, `<smtp-pattern-list name>`, each closed by `</kind>`. The parse keeps
 * every line's position so that problems and unmodelled directives can be reported as file:line.
 */
import type { ConfigIssue } from './issues.ts';

export interface PmtaDirective {
  readonly kind: 'directive';
  readonly name: string;
  readonly value: string;
  readonly line: number;
}

export interface PmtaBlock {
  readonly kind: 'block';
  readonly name: string;
  readonly arg: string;
  readonly line: number;
  readonly items: (PmtaDirective | PmtaBlock)[];
}

/** Drops a `#` comment: a `#` at the start or after a blank, outside a `/regex/`. */
function stripComment(line: string): string {
  let inRegex = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === '\\') i++;
    else if (c === '/' && (inRegex || i === 0 || /\s/.test(line[i - 1]!))) inRegex = !inRegex;
    else if (c === '#' && !inRegex && (i === 0 || /\s/.test(line[i - 1]!))) return line.slice(0, i);
  }
  return line;
}

/** The file as a tree of blocks and directives, or the first problem found. */
export function parsePmtaConfig(text: string, file: string): { ok: true; root: PmtaBlock } | { ok: false; issue: ConfigIssue } {
  const root: PmtaBlock = { kind: 'block', name: 'config', arg: '', line: 0, items: [] };
  const stack: PmtaBlock[] = [root];
  const lines = text.split(/\r?\n/);
  for (let n = 0; n < lines.length; n++) {
    const raw = lines[n]!;
    const line = stripComment(raw).trim();
    if (line === '') continue;
    const col = raw.length - raw.trimStart().length + 1;
    const top = stack[stack.length - 1]!;
    const close = /^<\/\s*([A-Za-z][\w-]*)\s*>$/.exec(line);
    if (close) {
      if (top === root || top.name !== close[1]!.toLowerCase()) {
        const message =
          top === root ? `</${close[1]}> closes no open block` : `</${close[1]}> does not close <${top.name}> opened at line ${top.line}`;
        return { ok: false, issue: { file, line: n + 1, col, message } };
      }
      stack.pop();
      continue;
    }
    const open = /^<\s*([A-Za-z][\w-]*)(?:\s+([^>]*?))?\s*>$/.exec(line);
    if (open) {
      const block: PmtaBlock = { kind: 'block', name: open[1]!.toLowerCase(), arg: (open[2] ?? '').trim(), line: n + 1, items: [] };
      top.items.push(block);
      stack.push(block);
      continue;
    }
    if (line.startsWith('<'))
      return { ok: false, issue: { file, line: n + 1, col, message: `malformed block tag "${line}" (expected <name arg> or </name>)` } };
    if (/^[\w.-]+\s*=/.test(line))
      return {
        ok: false,
        issue: { file, line: n + 1, col, message: `expected a directive "name value", found "${line.slice(0, 60)}" (a Postfix main.cf?)` },
      };
    const m = /^(\S+)\s*(.*)$/.exec(line)!;
    top.items.push({ kind: 'directive', name: m[1]!.toLowerCase(), value: m[2]!.trim(), line: n + 1 });
  }
  if (stack.length > 1) {
    const b = stack[stack.length - 1]!;
    return {
      ok: false,
      issue: { file, line: b.line, col: 1, message: `<${b.name}${b.arg ? ` ${b.arg}` : ''}> is never closed (expected </${b.name}>)` },
    };
  }
  return { ok: true, root };
}

/** `domain-macro NAME a, b, c` values, and a `<domain ...>` argument expanded with them ($NAME, hotmail.$TopLevel). */
export function expandDomains(arg: string, macros: ReadonlyMap<string, readonly string[]>): string[] | string {
  const m = /\$(\w+)/.exec(arg);
  if (!m) return [arg.replace(/^"|"$/g, '').toLowerCase()];
  const values = macros.get(m[1]!.toLowerCase());
  if (values === undefined) return `unknown domain-macro "$${m[1]}"`;
  return values.map((v) => arg.replace(m[0], v).toLowerCase());
}
