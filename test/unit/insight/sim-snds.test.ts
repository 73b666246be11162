/**
 * `run --snds`: Microsoft's SNDS-like daily report written as an SNDS data export and read back
 * by src/logs/snds.ts gives the report's rows (IP, day, RCPT, DATA, colour, complaint rate as SNDS
 * rounds it, trap hits, blocked).
 */
import { describe, expect, it } from 'vitest';
import { readSnds, type SndsRow } from '../../../src/logs/index.ts';
import { sndsExport } from '../../../src/insight/sim-snds.ts';
import { sndsComplaintRate, sndsTime } from '../../../src/logs/write-snds.ts';
import { startEpoch } from '../../../src/insight/sim-log.ts';
import { loadScenarioText } from '../../../src/scenario/load.ts';
import { runScenario } from '../../../src/run/run-scenario.ts';
import { situation } from './support.ts';

describe('run --snds', () => {
  it("writes the Microsoft receiver's daily report as SNDS rows", async () => {
    const o = runScenario(loadScenarioText(situation('cold', 'ramp'), 'cold.yaml'), { policy: 'playbook', seed: 1 });
    const ms = o.run.receivers[o.run.topo.providers.indexOf('microsoft')]!;
    const want = Array.from({ length: 10 }, (_, d) => ms.dailyReport!(d)).flat();
    expect(want.length).toBeGreaterThan(10);
    const rows: SndsRow[] = [];
    const summary = await readSnds(Buffer.from(sndsExport(o.run)), (r) => rows.push(r));
    expect(summary.bad).toBe(0);
    const epoch = startEpoch(o.run.scenario.startDate);
    expect(
      rows.map((r) => [r.ip, (r.start - epoch) / 86400, r.rcptCommands, r.dataCommands, r.filter, r.trapHits, r.comments === 'IP blocked']),
    ).toEqual(want.map((w) => [w.ip, w.day, w.rcpt, w.data, w.colour.toUpperCase(), w.trapHits, w.blocked]));
    rows.forEach((r, i) => {
      const x = want[i]!.complaintRate;
      if (x < 0.001) expect([r.complaintLow, r.complaintHigh]).toEqual([0, 0.001]);
      else expect(r.complaintLow).toBeCloseTo(x, 3);
    });
  });

  it('formats times and complaint rates as SNDS does', () => {
    expect(sndsTime(Date.UTC(2026, 11, 31) / 1000)).toBe('12/31/2026 12:00 AM');
    expect(sndsTime(Date.UTC(2026, 0, 5, 13, 7) / 1000)).toBe('1/5/2026 1:07 PM');
    expect([0, 0.00099, 0.001, 0.0034].map(sndsComplaintRate)).toEqual(['< 0.1%', '< 0.1%', '0.1%', '0.3%']);
  });
});
