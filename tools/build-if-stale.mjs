/**
 * Builds dist/ (tsc -p tsconfig.build.json) unless it is newer than every file of src/ and the
 * tsconfig files, as after `npm ci` (whose prepare script has just built it): the same freshness
 * rule bin/warmup-sim.mjs uses to choose dist/ over src/. vitest's global setup (the end-to-end
 * tests run the built CLI and its worker threads, as users get them) and `npm run lint:api` (the
 * API report reads dist/'s declarations) both start with it.
 */
import { execFileSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { newest } from '../bin/fresh.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));

function distIsFresh() {
  try {
    const inputs = Math.max(
      newest(`${root}/src`),
      statSync(`${root}/tsconfig.json`).mtimeMs,
      statSync(`${root}/tsconfig.build.json`).mtimeMs,
    );
    return statSync(`${root}/dist/cli/entry.js`).mtimeMs >= inputs && statSync(`${root}/dist/index.d.ts`).mtimeMs >= inputs;
  } catch {
    return false;
  }
}

export default function buildIfStale() {
  if (distIsFresh()) return;
  const tsc = fileURLToPath(new URL('../node_modules/typescript/bin/tsc', import.meta.url));
  execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) buildIfStale();
