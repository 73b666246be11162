/**
 * vitest global setup: builds dist/ (tsc -p tsconfig.build.json) so the end-to-end tests run the
 * built CLI and its worker threads, as users get them after `npm ci` (the prepare script).
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export default function setup(): void {
  const root = fileURLToPath(new URL('../..', import.meta.url));
  const tsc = fileURLToPath(new URL('../../node_modules/typescript/bin/tsc', import.meta.url));
  execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
}
