/** Test helper: simulated MTA logs of known situations (a run written through `run --log`'s writer). */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadScenarioText, type LoadedScenario } from '../../../src/scenario/load.ts';
import { runScenario, type RunOutcome } from '../../../src/run/run-scenario.ts';
import { SimLogWriter, type SimLogFormat, type TraceView } from '../../../src/insight/sim-log.ts';
import { readLog } from '../../../src/logs/index.ts';
import { LogFacts } from '../../../src/insight/facts.ts';

/** Two days, two fresh IPs, a burst well over Microsoft's new-IP floor, a cold segment (unknown users), naive 30-minute retries, 3 h max age. */
export const BURST = `
name: simlog
seed: 11
duration: 2d
start: 2026-12-30
ips:
  - { address: 192.0.2.10, pool: p }
  - { address: 192.0.2.11, pool: p }
domains:
  - { name: t.example.com }
audience:
  size: 4000
  providers: { microsoft: 0.5, gmail: 0.2, yahoo: 0.1, corporate: 0.1, m365: 0.1 }
  segments:
    - { name: engaged, preset: engaged, share: 0.5 }
    - { name: cold, preset: cold, share: 0.5 }
streams:
  - { name: news, kind: bulk, domain: t.example.com, pool: p, per_day: 1500, send_at: "20:00", spread: 1h }
policies:
  - { name: naive, use: naive, retry_after: 30m, max_age: 3h }
`;

export function tempDir(): { dir: string; done: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'warmup-insight-'));
  return { dir, done: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Runs a scenario (text or loaded) with the log writer on (and `tap` on the trace too); the run, the log file and the writer. */
export function simulateLog(
  scenario: string | LoadedScenario,
  format: SimLogFormat,
  path: string,
  o: { policy?: string; seed?: number; tap?: (e: TraceView) => void } = {},
): { o: RunOutcome; path: string; w: SimLogWriter } {
  const loaded = typeof scenario === 'string' ? loadScenarioText(scenario, 'test.yaml') : scenario;
  const w = new SimLogWriter(path, format);
  const { tap, ...run } = o;
  const onTrace = tap === undefined ? w.write : (e: TraceView) => (w.write(e), tap(e));
  const out = runScenario(loaded, { ...run, onTrace, onStart: w.start });
  w.close();
  return { o: out, path, w };
}

/** A log read into facts. */
export async function factsOf(format: SimLogFormat, path: string, syslogNames: Record<string, string> = {}): Promise<LogFacts> {
  const f = new LogFacts();
  await readLog(format, path, f.add, { syslogNames });
  return f;
}

/**
 * Known situations for the diagnosis (two fresh IPs each): an engaged list in a daily one-hour
 * burst well over Microsoft's new-IP floor (KumoMTA's schedule: deferrals that fall day by day, or
 * naive 5-minute retries: blocks), and a cold list on a gentle ramp mailed by the seed playbook.
 */
export function situation(list: 'engaged' | 'cold', plan: 'burst' | 'ramp'): string {
  const perDay = plan === 'burst' ? '[1500]' : '[600, 800, 1000, 1300, 1600, 2000, 2500, 3000]';
  return `
name: diag-${list}-${plan}
seed: 5
duration: ${plan === 'burst' ? '4d' : '10d'}
ips:
  - { address: 192.0.2.20, pool: p }
  - { address: 192.0.2.21, pool: p }
domains:
  - { name: news.example.com }
audience:
  size: 30000
  providers: { microsoft: 0.6, gmail: 0.25, yahoo: 0.15 }
  segments:
    - { name: s, preset: ${list}, share: 1 }
streams:
  - { name: news, kind: bulk, domain: news.example.com, pool: p, per_day: ${perDay}, send_at: "08:00", spread: ${plan === 'burst' ? '1h' : '10h'} }
policies:
  - { name: kumomta, use: kumomta }
  - { name: playbook, use: seed-playbook }
  - { name: fast, use: naive, retry_after: 5m }
`;
}
