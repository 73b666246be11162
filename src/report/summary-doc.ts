/**
 * The README's table of summary.json fields, generated from the JSON Schema (summary-schema.ts):
 * one row per field as a dotted path (`[]` an array element, `<name>` a record key), its type and
 * its description. A sub-object met again with the same fields is not repeated: its row says
 * which earlier path it is shaped like.
 */
import { summaryJsonSchema } from './summary-schema.ts';

type Node = {
  type?: string | string[];
  description?: string;
  properties?: Record<string, Node>;
  items?: Node;
  additionalProperties?: Node | boolean;
  anyOf?: Node[];
  enum?: unknown[];
};

function typeOf(n: Node): string {
  if (n.anyOf !== undefined) return n.anyOf.map(typeOf).join(' or ');
  if (n.enum !== undefined) return n.enum.map((x) => `"${String(x)}"`).join(' / ');
  if (n.type === 'array') return `array of ${n.items ? typeOf(n.items) : 'any'}`;
  if (n.type === 'object' && n.properties === undefined && typeof n.additionalProperties === 'object') return 'object by name';
  return Array.isArray(n.type) ? n.type.join(' or ') : (n.type ?? 'any');
}

/** The object node below a node (through arrays, records and nullable unions), if any. */
function objectOf(n: Node): { node: Node; suffix: string } | undefined {
  if (n.properties !== undefined) return { node: n, suffix: '' };
  if (n.type === 'array' && n.items !== undefined) {
    const o = objectOf(n.items);
    return o && { node: o.node, suffix: `[]${o.suffix}` };
  }
  if (typeof n.additionalProperties === 'object') {
    const o = objectOf(n.additionalProperties);
    return o && { node: o.node, suffix: `.<name>${o.suffix}` };
  }
  for (const a of n.anyOf ?? []) {
    const o = objectOf(a);
    if (o) return o;
  }
  return undefined;
}

const cell = (s: string) => s.replaceAll('|', '\\|').replaceAll('\n', ' ');

/** The earlier object whose every field this one has, the same (the largest such, 4 fields at least). */
function shapedLike(props: Record<string, Node>, seen: readonly { path: string; props: Record<string, Node> }[]) {
  let best: { path: string; props: Record<string, Node> } | undefined;
  for (const s of seen) {
    const keys = Object.keys(s.props);
    if (keys.length < 4 || (best !== undefined && keys.length <= Object.keys(best.props).length)) continue;
    if (keys.every((k) => JSON.stringify(props[k]) === JSON.stringify(s.props[k]))) best = s;
  }
  return best;
}

export function summaryFieldsMarkdown(): string {
  const rows: string[] = ['| field | type | meaning |', '|---|---|---|'];
  const seen: { path: string; props: Record<string, Node> }[] = [];
  const walk = (n: Node, path: string) => {
    const like = shapedLike(n.properties ?? {}, seen);
    for (const [k, child] of Object.entries(n.properties ?? {})) {
      if (like !== undefined && k in like.props) continue;
      const p = path === '' ? k : `${path}.${k}`;
      const sub = objectOf(child);
      const same = sub ? seen.find((s) => JSON.stringify(s.props) === JSON.stringify(sub.node.properties)) : undefined;
      const note = same
        ? ` (fields as \`${same.path}\`)`
        : sub && shapedLike(sub.node.properties!, seen)
          ? ` (the fields of \`${shapedLike(sub.node.properties!, seen)!.path}\`, and:)`
          : '';
      rows.push(`| \`${p}\` | ${cell(typeOf(child))} | ${cell(child.description ?? '')}${note} |`);
      if (sub && same === undefined) {
        walk(sub.node, `${p}${sub.suffix}`);
        seen.push({ path: `${p}${sub.suffix}`, props: sub.node.properties! });
      }
    }
  };
  walk(summaryJsonSchema() as Node, '');
  return rows.join('\n') + '\n';
}
