/**
 * `npm run gallery`: regenerates the small committed example gallery shown in the README, the
 * six charts of the default scenario (scenarios/new-ips-engaged.yaml, 3 seeds), as PNG.
 */
import { copyFileSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadScenarioFile } from '../../src/scenario/load.ts';
import { comparePolicies } from '../../src/run/run-scenario.ts';
import { writeComparisonReport } from '../../src/report/write.ts';

const here = new URL('.', import.meta.url).pathname;
const tmp = mkdtempSync(join(tmpdir(), 'gallery-'));
try {
  const c = comparePolicies(loadScenarioFile(join(here, '../../scenarios/new-ips-engaged.yaml')), { seeds: 3 });
  await writeComparisonReport(c, tmp);
  for (const f of readdirSync(join(tmp, 'charts')).filter((f) => f.endsWith('.png'))) copyFileSync(join(tmp, 'charts', f), join(here, f));
  console.log(`gallery: ${readdirSync(here).filter((f) => f.endsWith('.png')).join(', ')} in reports/gallery/`);
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
