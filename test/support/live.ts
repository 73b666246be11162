/** Helpers for live-mode tests: the fixture scenario, a server on an ephemeral loopback port, a manual wall clock. */
import { readFileSync } from 'node:fs';
import { loadScenarioText } from '../../src/live/adapter.ts';
import { startLive, type LiveServer, type LiveServerOptions } from '../../src/live/server.ts';

export const LIVE_FIXTURE = 'test/fixtures/live/outlook.yaml';

export function liveScenario(file = LIVE_FIXTURE) {
  return loadScenarioText(readFileSync(file, 'utf8'), file).scenario;
}

/** A wall clock the test moves by hand (milliseconds). */
export class ManualWall {
  ms = 0;
  readonly fn = () => this.ms;
}

export function startTestServer(o: Partial<LiveServerOptions> = {}): Promise<LiveServer> {
  return startLive({
    scenario: liveScenario(),
    scenarioFile: LIVE_FIXTURE,
    scenarioText: readFileSync(LIVE_FIXTURE, 'utf8'),
    listen: [{ provider: 'microsoft', host: '127.0.0.1', port: 0 }],
    scale: 1,
    ...o,
  });
}
