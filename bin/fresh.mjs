// When a tree was last changed: the newest modification time of any file under `dir`. The CLI's
// launcher (./warmup-sim.mjs) and the build step of the tests and the API report
// (tools/build-if-stale.mjs) compare it with dist/ to tell whether dist/ is current.
import { readdirSync, statSync } from 'node:fs';

export function newest(dir) {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = `${dir}/${e.name}`;
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}
