#!/usr/bin/env node
// Runs the compiled CLI (dist/, built by `npm ci` through the prepare script) when it is at
// least as new as every source file; otherwise the TypeScript sources through tsx, so a developer's
// edits take effect without a build.
import { statSync } from 'node:fs';
import { newest } from './fresh.mjs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

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
