/**
 * The real world's verdict on the postfix policy: real Postfix 3.7.11 against an Outlook-like MX
 * on loopback (test/fixtures/postfix-trace.json, recorded by the live-mode integration test) with
 * minimal_backoff_time 10 s, maximal_backoff_time 60 s and queue_run_delay 10 s, 20 messages each
 * deferred five times with 451 4.7.650 then accepted: six attempts per message at intervals of
 * about 10, 10, 20 or 30, 40 or 50 and 60 s (the cap), all due messages retried together at each
 * queue scan, and concurrency growing from 5 to 11-12 at each scan (the window starts again there). The simulator's postfix
 * policy with the same timers against a scripted receiver that answers the same way must give the
 * same attempts per message and the same intervals within one queue_run_delay + 1 s.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadScenarioFile } from '../../src/scenario/load.ts';
import { runScenario } from '../../src/run/run-scenario.ts';

interface Real {
  readonly timers: { readonly queue_run_delay: string };
  readonly attempts: readonly { readonly message: string; readonly times: readonly number[] }[];
  readonly bursts: readonly { readonly at: number; readonly attempts: number; readonly peakConnections: number }[];
}
const real = JSON.parse(readFileSync('test/fixtures/postfix-trace.json', 'utf8')) as Real;
const TOLERANCE = 10 + 1; // one queue_run_delay + 1 s

describe('real-world verdict: the postfix policy reproduces real Postfix 3.7.11', () => {
  const loaded = loadScenarioFile('test/fixtures/scenarios/postfix-trace.yaml');
  const byMessage = new Map<number, number[]>();
  const events: { time: number; connection: number }[] = [];
  const o = runScenario(loaded, {
    onTrace: (e) => {
      if (e.message < 0) return;
      events.push({ time: e.time, connection: e.connection });
      const t = byMessage.get(e.message) ?? [];
      t.push(e.time);
      byMessage.set(e.message, t);
    },
  });
  const sim = [...byMessage.values()];

  it('the same attempts per message (5 deferrals, then accepted) for all 20 messages', () => {
    expect(real.attempts.length).toBe(20);
    expect(sim.length).toBe(20);
    for (const r of real.attempts) expect(r.times.length).toBe(6);
    for (const t of sim) expect(t.length).toBe(6);
    expect(o.summary.delivered).toBe(20);
  });

  it('the same intervals within one queue_run_delay + 1 s: each simulated interval is within tolerance of a real one at the same attempt', () => {
    const intervals = (t: readonly number[]) => t.slice(1).map((x, i) => x - t[i]!);
    const realByStep = [0, 1, 2, 3, 4].map((k) => real.attempts.map((a) => intervals(a.times)[k]!));
    const rows: string[] = [];
    for (const t of sim) {
      const iv = intervals(t);
      iv.forEach((x, k) => {
        const nearest = Math.min(...realByStep[k]!.map((r) => Math.abs(r - x)));
        expect(nearest, `interval ${k + 1} = ${x.toFixed(1)} s`).toBeLessThanOrEqual(TOLERANCE);
      });
      rows.push(iv.map((x) => x.toFixed(1)).join(', '));
    }
    console.log(
      `simulated intervals per message: ${[...new Set(rows)].join(' | ')}; real: ${[
        ...new Set(
          real.attempts.map((a) =>
            intervals(a.times)
              .map((x) => x.toFixed(1))
              .join(', '),
          ),
        ),
      ].join(' | ')}`,
    );
    // the cap: the last interval is maximal_backoff_time (60 s), as in the real trace
    for (const t of sim) expect(intervals(t)[4]!).toBeGreaterThanOrEqual(60);
  });

  it('all due messages are retried together at each queue scan (two scan groups at most, as in the real trace)', () => {
    for (let k = 1; k < 6; k++) {
      const groups = new Set(sim.map((t) => Math.floor(t[k]! / 10)));
      expect(groups.size, `attempt ${k + 1}`).toBeLessThanOrEqual(2);
    }
  });

  it('concurrency grows past initial_destination_concurrency 5 although every MAIL FROM is deferred, and starts again at every scan', () => {
    const peakReal = Math.max(...real.bursts.map((b) => b.peakConnections));
    const m = o.run.metrics;
    const peakSim = Math.max(...Array.from(m.peakConnections));
    // the simulated bursts: attempts within 5 s of each other, and the connections they used
    const bursts: { at: number; attempts: number; connections: Set<number> }[] = [];
    for (const e of [...events].sort((a, b) => a.time - b.time)) {
      const b = bursts.at(-1);
      if (b !== undefined && e.time - b.at < 5) {
        b.attempts++;
        b.connections.add(e.connection);
      } else bursts.push({ at: e.time, attempts: 1, connections: new Set([e.connection]) });
    }
    console.log(
      `peak concurrent connections: real ${real.bursts.map((b) => `${b.peakConnections} (${b.attempts} retries)`).join(', ')}; simulated ${bursts.map((b) => `${b.connections.size} (${b.attempts})`).join(', ')}, peak ${peakSim}`,
    );
    expect(peakReal).toBeGreaterThan(5);
    expect(peakSim).toBeGreaterThan(5);
    // within 3 of the real peak (Postfix's window grows by 1 per completed delivery; the simulation's
    // feedback arrives with the reply, a little earlier than at the end of the session)
    expect(peakSim).toBeLessThanOrEqual(peakReal + 3);
    // the destination's queue is disposed of between scans (qmgr_queue_done): every full burst
    // starts from the initial window again, as the real ones do, instead of opening all 20 at once
    const full = bursts.filter((b) => b.attempts === 20);
    expect(full.length).toBe(6);
    for (const b of full) expect(b.connections.size).toBe(full[0]!.connections.size);
    expect(full[0]!.connections.size).toBeLessThan(20);
  });
});
