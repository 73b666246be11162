/**
 * Golden tests: every bundled scenario runs each of its policies on its pinned seed and must
 * reproduce the committed compact summary (test/golden/<scenario>.json) exactly. A refactor must
 * not move these numbers; a model change refreshes them (UPDATE_GOLDEN=1 npm test) in the same
 * commit and says so in CHANGELOG.md.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadScenarioFile } from '../../src/scenario/load.ts';
import { runScenario } from '../../src/run/run-scenario.ts';
import type { RunSummary } from '../../src/metrics/summary.ts';

export function compact(s: RunSummary) {
  return {
    injected: s.injected,
    delivered: s.delivered,
    bounced: s.bounced,
    expired: s.expired,
    withheld: s.withheld,
    queuedAtEnd: s.queuedAtEnd,
    attempts: s.attempts,
    msDeferralRate: s.microsoft.deferralRate,
    msWorstDay: s.microsoft.maxDailyDeferralRate,
    msBlockReplies: s.microsoft.blockReplies,
    blocksByProvider: s.blocksByProvider,
    bulkP50: s.latency.bulk.p50,
    bulkP95: s.latency.bulk.p95,
    txP95: s.latency.transactional.p95,
    daysToTarget: s.daysToTarget,
    complaintRate: s.complaintRate,
    snds: s.snds,
    // issue 19: blocks count, refusals beside deferrals, every provider, never-delivered mail in latency
    msRefusedRate: s.microsoft.refusedRate,
    msWorstDayRefused: s.microsoft.maxDailyRefusedRate,
    msDaysInBand: s.microsoft.daysInBand,
    blockedIpDays: s.blockedIpDays,
    refusedRateByProvider: Object.fromEntries(Object.entries(s.providers).map(([p, o]) => [p, o.refusedRate])),
    bulkWithin24h: s.latency.bulk.within24h,
    txWithin1h: s.latency.transactional.within1h,
    neverDelivered: s.latency.all.neverDelivered,
  };
}

export function goldenSuite(files: readonly string[]): void {
  describe.each(files.map((f) => [f]))('golden: scenarios/%s', (file) => {
    const loaded = loadScenarioFile(`scenarios/${file}`);
    const goldenPath = `test/golden/${file.replace(/\.yaml$/, '.json')}`;
    it(`each policy reproduces the committed summary on seed ${loaded.scenario.seed}`, () => {
      const got = Object.fromEntries(
        loaded.scenario.policies.map((p) => [p.name, compact(runScenario(loaded, { policy: p.name }).summary)]),
      );
      const text = JSON.stringify(got, null, 2) + '\n';
      if (process.env.UPDATE_GOLDEN === '1' || !existsSync(goldenPath)) {
        if (process.env.CI === 'true' && !existsSync(goldenPath)) throw new Error(`missing golden file ${goldenPath}`);
        writeFileSync(goldenPath, text);
      }
      expect(JSON.parse(text)).toEqual(JSON.parse(readFileSync(goldenPath, 'utf8')));
    });
  });
}
