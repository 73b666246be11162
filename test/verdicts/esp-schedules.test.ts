/**
 * The real world's verdict on ESP warm-up schedules (scenarios/esp-schedules.yaml): SendGrid's
 * automated warm-up, SparkPost's stages and Amazon SES's 45-day share are used by thousands of
 * senders and work, so on an engaged, authenticated newsletter the simulated Microsoft keeps the
 * new IPs Healthy or Watch (every day's deferral rate <= 5 %) and no provider blocks any IP, on
 * every seed, whether the mail is injected 08:00-20:00 or around the clock. The controls, a cap
 * doubling every day and a 10x one-day jump, reach Throttle or worse on every seed and window.
 */
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { parseGrid, planSweep } from '../../src/run/sweep.ts';
import { runUnits } from '../../src/run/pool.ts';
import type { RunSeries } from '../../src/metrics/summary.ts';

const file = 'scenarios/esp-schedules.yaml';
const SEEDS = 10;
const COLD = ['192.0.2.10', '192.0.2.11'];
const ESPS = ['sendgrid', 'sparkpost', 'ses'];
const CONTROLS = ['double-daily', 'jump-10x'];

/** Worst daily Microsoft deferral rate of the cold IPs, and block replies at any provider on any IP. */
function verdict(series: RunSeries): { worst: number; blocks: number } {
  let worst = 0,
    blocks = 0;
  for (const row of series.perIp) {
    blocks += row.blocked.reduce((a, b) => a + b, 0);
    if (row.provider !== 'microsoft' || !COLD.includes(row.ip)) continue;
    row.attempts.forEach((a, d) => a > 0 && (worst = Math.max(worst, row.deferred[d]! / a)));
  }
  return { worst, blocks };
}

describe('real-world verdicts: ESP warm-up schedules (scenarios/esp-schedules.yaml)', () => {
  it(`SendGrid, SparkPost and SES stay Healthy/Watch with no block; x2/day and a 10x jump do not (${SEEDS} seeds, business hours and around the clock)`, async () => {
    const raw = parseYaml(readFileSync(file, 'utf8')) as Record<string, unknown>;
    const plan = planSweep({
      raw,
      file,
      baseDir: 'scenarios',
      grid: [parseGrid('streams[0].send_at=08:00,00:00'), parseGrid('streams[0].spread=12h,24h')],
      seeds: SEEDS,
    });
    // the grid's cross product also holds 08:00 + 24h and 00:00 + 12h: keep the two windows
    const windows = plan.variants.map((v) =>
      /send_at=08:00, streams\[0\]\.spread=12h/.test(v)
        ? 'business hours'
        : /send_at=00:00, streams\[0\]\.spread=24h/.test(v)
          ? 'around the clock'
          : '',
    );
    // a control's run ends on its first day over 5 % (or its first block) at any IP: its verdict is
    // decided then (the cold IPs' own verdict below must still find it; the ESP schedules run to the end)
    const broken = { target: 0, maxDeferral: 0.05, noBlocks: true };
    const units = plan.units
      .filter((u) => windows[u.variant] !== '')
      .map((u) => (CONTROLS.includes(u.policy) ? { ...u, stop: broken } : u));
    const results = await runUnits(plan, units, { workers: 2 });
    const unit = new Map(units.map((u) => [u.index, u]));
    const failures: string[] = [];
    const table: string[] = [];
    for (const r of results) {
      const u = unit.get(r.index)!;
      const { worst, blocks } = verdict(r.series);
      const ok = worst <= 0.05 && blocks === 0;
      const days = Math.max(...r.series.perIp.map((row) => row.attempts.reduce((n, a, d) => (a > 0 ? d + 1 : n), 0)));
      table.push(
        `${u.policy.padEnd(13)} ${windows[u.variant]!.padEnd(17)} seed ${u.seed}: worst day ${(worst * 100).toFixed(1)} %, ${blocks} block replies, ${days} days run`,
      );
      if (ESPS.includes(u.policy) && !ok)
        failures.push(
          `${u.policy} (${windows[u.variant]}, seed ${u.seed}) should stay Healthy/Watch with no block: worst day ${(worst * 100).toFixed(1)} %, ${blocks} blocks`,
        );
      if (CONTROLS.includes(u.policy) && ok)
        failures.push(
          `control ${u.policy} (${windows[u.variant]}, seed ${u.seed}) should reach Throttle: worst day ${(worst * 100).toFixed(1)} %`,
        );
    }
    console.log(table.join('\n'));
    expect(results.length).toBe(5 * 2 * SEEDS);
    expect(failures).toEqual([]);
  }, 600_000);
});
