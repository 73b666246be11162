#!/usr/bin/env node
// Runs the compiled CLI (dist/, built by `npm ci` through the prepare script) when it is at
// least as new as every source file; otherwise the TypeScript sources through tsx, so a developer's
// edits take effect without a build.
import { readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

function newest(dir) {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = `${dir}/${e.name}`;
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

function distIsFresh() {
  try {
    return statSync(`${root}/dist/cli/entry.js`).mtimeMs >= newest(`${root}/src`);
  } catch {
    return false;
  }
}

if (distIsFresh()) {
  await import(new URL('../dist/cli/entry.js', import.meta.url).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli/entry.ts');
}
