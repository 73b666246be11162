/**
 * The diagnosis on logs the simulator writes for known situations (issue #21 section 3), two
 * seeds each, through a different log format each: fresh IPs with an engaged list whose
 * deferrals fall = new IP, low sample; a cold list = bad or risky stream; naive 5-minute retries
 * into a burst = policy problem. With the moves each situation calls for.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readSnds } from '../../../src/logs/index.ts';
import { sndsExport } from '../../../src/insight/sim-snds.ts';
import { signalsOf } from '../../../src/insight/signals.ts';
import { diagnose, type Diagnosis } from '../../../src/insight/diagnose.ts';
import { movesOf } from '../../../src/insight/moves.ts';
import type { SimLogFormat } from '../../../src/insight/sim-log.ts';
import { factsOf, simulateLog, situation, tempDir } from './support.ts';

const tmp = tempDir();
afterAll(tmp.done);

async function diagnosed(scenario: string, policy: string, seed: number, format: SimLogFormat): Promise<Diagnosis[]> {
  const path = join(tmp.dir, `${policy}-${seed}.${format}`);
  const { o, w } = simulateLog(scenario, format, path, { policy, seed });
  const facts = await factsOf(format, path, w.syslogMap);
  writeFileSync(`${path}.snds`, sndsExport(o.run));
  await readSnds(`${path}.snds`, (r) => facts.snds.push(r));
  return signalsOf(facts, 'ip').map(diagnose);
}

const move = (d: Diagnosis, name: string) => movesOf(d).find((m) => m.move === name)!;

describe('diagnose: known situations', () => {
  it.each([1, 2])('fresh IPs, engaged list, KumoMTA backing off a burst (seed %i, Postfix log): new IP, low sample', async (seed) => {
    const ds = await diagnosed(situation('engaged', 'burst'), 'kumomta', seed, 'postfix');
    expect(ds.map((d) => [d.signals.subject, d.verdict])).toEqual([
      ['192.0.2.20', 'new-ip'],
      ['192.0.2.21', 'new-ip'],
    ]);
    for (const d of ds) {
      expect(d.signals.deferralRate).toBeGreaterThan(0.2); // it was throttled ...
      expect(d.signals.dailyRate[3]).toBeLessThan(d.signals.dailyRate[0]! / 2); // ... and the deferrals fell
      expect(d.findings.filter((f) => f.kind === 'stream' || f.kind === 'policy')).toEqual([]);
      expect(move(d, 'audience').act).toBe(false);
      expect(move(d, 'hourly rate').act).toBe(true);
    }
  });

  it.each([1, 2])('fresh IPs, cold list, the seed playbook (seed %i, KumoMTA log): bad or risky stream', async (seed) => {
    const ds = await diagnosed(situation('cold', 'ramp'), 'playbook', seed, 'kumomta');
    expect(ds.map((d) => d.verdict)).toEqual(['bad-stream', 'bad-stream']);
    for (const d of ds) {
      const stream = d.findings.filter((f) => f.kind === 'stream').map((f) => f.text);
      expect(stream.some((t) => t.startsWith('unknown users'))).toBe(true);
      expect(stream.some((t) => t.startsWith('complaint rate') || t.startsWith('SNDS filter'))).toBe(true);
      expect(move(d, 'audience').act).toBe(true);
      expect(move(d, 'contact Microsoft')).toMatchObject({ act: false, text: expect.stringContaining('the stream is not clean') });
    }
  });

  it.each([1, 2])('fresh IPs, engaged list, naive 5-minute retries into a burst (seed %i, PowerMTA log): policy problem', async (seed) => {
    const ds = await diagnosed(situation('engaged', 'burst'), 'fast', seed, 'powermta');
    expect(ds.map((d) => d.verdict)).toEqual(['policy', 'policy']);
    for (const d of ds) {
      const policy = d.findings.filter((f) => f.kind === 'policy').map((f) => f.text);
      expect(policy.some((t) => t.startsWith('retries too fast: median 5.'))).toBe(true);
      expect(policy.some((t) => /^\d+ block replies/.test(t))).toBe(true);
      expect(move(d, 'retry interval')).toMatchObject({ act: true, text: expect.stringContaining('at least 120 minutes') });
      expect(move(d, 'freeze growth').act).toBe(true);
    }
  });
});
