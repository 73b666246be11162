/**
 * `import kumomta`: a KumoMTA shaping.toml (and optionally the queues helper's queues.toml and the
 * sources helper's sources.toml, assets/policy-extras/{queue,sources}.lua) as a kumomta policy
 * entry. The shaping document is kept whole (per-source overrides, provider blocks and their
 * match rules, automation with trigger and duration); egress source names are mapped to scenario
 * IPs from sources.toml's `source_address` and from `--source NAME=IP`, which wins. Source pool
 * weights belong to the scenario's `ips[].weight` and are printed as a note.
 */
import { shapingSchema } from '../kumomta/shaping.ts';
import { queuesSchema } from '../kumomta/queues.ts';
import { fail, type ImportResult } from './issues.ts';
import { locateToml } from '../support/toml-locate.ts';

export interface KumoImportInput {
  /** Each file's name, parsed document and (to locate problems) text. */
  readonly shaping: { readonly file: string; readonly doc: unknown; readonly text?: string };
  readonly queues?: { readonly file: string; readonly doc: unknown; readonly text?: string };
  readonly sourcesFile?: { readonly file: string; readonly doc: unknown };
  /** `--source NAME=IP` mappings. */
  readonly sources: Readonly<Record<string, string>>;
  readonly name: string;
}

/** `[source."x"] source_address = "..."` and pool weights from a sources.toml. */
function readSources(doc: unknown): { map: Record<string, string>; notes: string[]; notModelled: string[] } {
  const d = (doc ?? {}) as { source?: Record<string, Record<string, unknown>>; pool?: Record<string, Record<string, { weight?: number }>> };
  const map: Record<string, string> = {};
  const notModelled: string[] = [];
  for (const [name, s] of Object.entries(d.source ?? {})) {
    for (const [k, v] of Object.entries(s)) {
      if (k === 'source_address' && typeof v === 'string') map[name] = v;
      else notModelled.push(`sources.toml source.${name}.${k} (not modelled)`);
    }
  }
  const notes = Object.entries(d.pool ?? {}).flatMap(([pool, entries]) =>
    Object.entries(entries).map(
      ([src, e]) => `pool "${pool}": source "${src}" weight ${e.weight ?? 1} (set it as ips[].weight in the scenario)`,
    ),
  );
  for (const k of Object.keys(d)) if (k !== 'source' && k !== 'pool') notModelled.push(`sources.toml ${k} (not modelled)`);
  return { map, notes, notModelled };
}

/** A schema problem as file:line:col (found in the file's text) and the key path. */
function located(f: { file: string; text?: string }, i: { path: readonly PropertyKey[]; message: string }): ImportResult {
  const path = i.path.filter((k): k is string | number => typeof k !== 'symbol');
  const at = f.text === undefined ? { line: 1, col: 1 } : locateToml(f.text, path);
  return fail(f.file, `${path.map(String).join('.')}: ${i.message}`, at.line, at.col);
}

export function importKumomta(input: KumoImportInput): ImportResult {
  const sh = shapingSchema.safeParse(input.shaping.doc);
  if (!sh.success) return located(input.shaping, sh.error.issues[0]!);
  const q = input.queues === undefined ? undefined : queuesSchema.safeParse(input.queues.doc);
  if (q !== undefined && !q.success) return located(input.queues!, q.error.issues[0]!);
  const fromFile = input.sourcesFile === undefined ? { map: {}, notes: [], notModelled: [] } : readSources(input.sourcesFile.doc);
  const sources = { ...fromFile.map, ...input.sources };
  const s = sh.data;
  const rules = [s.default, ...s.providers.map((p) => p.block), ...s.domains.map((d) => d.block)].reduce(
    (n, b) => n + b.automation.length,
    0,
  );
  const overrides = [...s.providers.map((p) => p.block), ...s.domains.map((d) => d.block)].reduce(
    (n, b) => n + Object.keys(b.sources).length,
    0,
  );
  const unmapped = s.sources.filter((x) => sources[x] === undefined && !/^[\d.:a-f]+$/i.test(x));
  const notes = [
    `${s.providers.length} provider block(s), ${s.domains.length} domain block(s), ${overrides} per-source override(s), ${rules} automation rule(s)`,
    ...Object.entries(sources).map(([name, ip]) => `source "${name}" is ${ip}`),
    ...(unmapped.length > 0
      ? [`source(s) not mapped to an IP (their overrides apply to no IP until mapped with --source NAME=IP): ${unmapped.join(', ')}`]
      : []),
    ...fromFile.notes,
  ];
  const entry: Record<string, unknown> = { name: input.name, use: 'kumomta', shaping: input.shaping.doc };
  if (Object.keys(sources).length > 0) entry['sources'] = sources;
  if (input.queues !== undefined) entry['queues'] = input.queues.doc;
  const notModelled = [
    ...s.ignored.map((x) => `${input.shaping.file}: ${x}`),
    ...(q?.success ? q.data.ignored.map((x) => `${input.queues!.file}: ${x}`) : []),
    ...fromFile.notModelled,
  ];
  return { ok: true, entry, notes, notModelled };
}
