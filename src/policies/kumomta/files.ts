/**
 * The files a kumomta policy names (shaping.toml, queues.toml, stage files), read relative to the
 * scenario and validated once at load time; a problem becomes a parameter issue located under the
 * parameter, with the file's own line:col for TOML syntax errors.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse as parseToml } from 'smol-toml';
import type { z } from 'zod';
import type { ParamIssue } from '../definition.ts';
import { locateToml } from '../support/toml-locate.ts';

/** Reads a KumoMTA TOML file (shaping.toml, queues.toml, sources.toml) into the raw structure. */
export function readTomlFile(path: string): unknown {
  return parseToml(readFileSync(path, 'utf8'));
}

export type Loaded<T> = { ok: true; raw: Record<string, unknown>; value: T } | { ok: false; issues: ParamIssue[] };

/**
 * A document given as a file name (relative to `baseDir`) or inline, parsed with `schema`;
 * issues are located at `at` (the parameter), inline ones below it.
 */
export function loadDoc<S extends z.ZodType>(
  what: string,
  doc: string | Record<string, unknown>,
  baseDir: string,
  schema: S,
  at: readonly (string | number)[],
): Loaded<z.output<S>> {
  let raw: unknown = doc;
  let text = '';
  if (typeof doc === 'string') {
    try {
      text = readFileSync(resolve(baseDir, doc), 'utf8');
      raw = parseToml(text);
    } catch (e) {
      const err = e as NodeJS.ErrnoException & { line?: number; column?: number };
      const why =
        err.code === 'ENOENT'
          ? 'no such file'
          : err.code === 'EISDIR'
            ? 'is a directory'
            : err.line !== undefined
              ? `TOML syntax error at ${doc}:${err.line}:${err.column}: ${firstLine(err.message)}`
              : firstLine(String(err.message));
      return { ok: false, issues: [{ path: at, message: `cannot load the ${what} file "${doc}" (${why})` }] };
    }
  }
  const r = schema.safeParse(raw);
  if (!r.success) {
    const file = typeof doc === 'string';
    return {
      ok: false,
      issues: r.error.issues.map((i) => {
        const path = i.path.filter((k): k is string | number => typeof k !== 'symbol');
        const where = file ? locateToml(text, path) : undefined;
        return {
          path: file ? at : [...at, ...path],
          message: `${where ? `${doc}:${where.line}:${where.col}: ${path.join('.')}: ` : ''}${i.message}`,
        };
      }),
    };
  }
  return { ok: true, raw: raw as Record<string, unknown>, value: r.data };
}

function firstLine(s: string): string {
  return s.split('\n')[0]!;
}
