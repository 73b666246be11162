/**
 * The user's own policies: a scenario's `use:` naming a module (`./policies/mine.ts`, `.mts`,
 * `.js`, `.mjs`), resolved relative to the scenario file, whose default export is
 * `definePolicy({ name, summary, source, params: zodSchema, create })`. TypeScript is loaded
 * through tsx's require hook; ES modules through Node's require(esm) (Node >= 20.19), so a
 * scenario still loads synchronously, in the main thread and in every worker thread alike. A
 * module is loaded once per process (cached by its absolute path).
 */
import { createRequire } from 'node:module';
import { isAbsolute, resolve } from 'node:path';
import { existsSync } from 'node:fs';
import { register } from 'tsx/cjs/api';
import type { PolicyDefinition } from './definition.ts';

const require = createRequire(import.meta.url);
const cache = new Map<string, PolicyDefinition | string>();
let tsHooks = false;

/** Whether `use` names a module rather than a built-in policy. */
export function isModulePath(use: string): boolean {
  return use.startsWith('./') || use.startsWith('../') || isAbsolute(use) || /\.(m?ts|m?js)$/.test(use);
}

/** The policy a module default-exports, or why it cannot be used (a message for the scenario's `use:`). */
export function loadUserPolicy(use: string, baseDir: string): PolicyDefinition | string {
  const path = resolve(baseDir, use);
  const hit = cache.get(path);
  if (hit !== undefined) return hit;
  const got = load(path, use);
  cache.set(path, got);
  return got;
}

function load(path: string, use: string): PolicyDefinition | string {
  if (!existsSync(path)) return `cannot load the policy module "${use}" (no such file: ${path})`;
  if (/\.m?ts$/.test(path) && !tsHooks) {
    register();
    tsHooks = true;
  }
  let mod: { default?: unknown };
  try {
    mod = require(path) as { default?: unknown };
  } catch (e) {
    return `cannot load the policy module "${use}": ${String((e as Error).message).split('\n')[0]}`;
  }
  const def = (mod.default ?? mod) as Partial<PolicyDefinition>;
  const ok =
    typeof def === 'object' &&
    def !== null &&
    typeof def.name === 'string' &&
    typeof def.create === 'function' &&
    typeof def.params?.safeParse === 'function';
  return ok
    ? (def as PolicyDefinition)
    : `the policy module "${use}" must default-export definePolicy({ name, summary, source, params, create })`;
}
