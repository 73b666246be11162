/**
 * Sending-side benchmark: delivered messages per second of simulated MTA work with an accept-all
 * receiver and audience reactions on (engagement, complaint and inactivity events all scheduled).
 *
 *   npx tsx bench/sending.ts [--json]      (also part of `npm run bench`)
 *
 * Scenario: 4 fresh IPs, 1,000,000 recipients across all providers, one bulk stream of
 * 1,000,000 messages a day plus 50,000 transactional a day, 3 days, default limits
 * (10 connections, 100 messages per connection). Target: >= 500,000 delivered messages/s.
 */
import { writeFileSync, mkdirSync } from 'node:fs';
import { simulate, conservationGap } from '../src/run/simulate.ts';
import { baseScenario, DEFAULT_AUDIENCE } from '../src/scenario/defaults.ts';
import { AcceptAllReceiver } from '../src/receivers/simple.ts';
import { nextAttemptAt, KUMO_DEFAULT_RETRY } from '../src/policies/support/retry.ts';
import type { Policy } from '../src/contracts/policy.ts';
import { machineInfo } from './machine.ts';

const policy: Policy = {
  name: 'bench-unlimited',
  setup() {},
  onReply() {},
  retryAt: (m, _r, now) => nextAttemptAt(KUMO_DEFAULT_RETRY, { ...m, now, u: 0.5 }),
};

const scenario = baseScenario({
  duration: 3 * 86400,
  ips: ['203.0.113.1', '203.0.113.2', '203.0.113.3', '203.0.113.4'].map((address) => ({
    address,
    pool: 'p',
    weight: 1,
    prewarm: undefined,
    feedbackLoop: true,
  })),
  audience: { ...DEFAULT_AUDIENCE, size: 1_000_000 },
  streams: [
    { kind: 'bulk', name: 'news', domain: 'news.example.com', pool: 'p', perDay: [1_000_000], sendAt: 6 * 3600, spread: 0, segments: [] },
    { kind: 'transactional', name: 'tx', domain: 'news.example.com', pool: 'p', perDay: 50_000, diurnal: Array(24).fill(1) },
  ],
});

function once() {
  const t0 = performance.now();
  const run = simulate({ scenario, policy, receivers: (ctx) => ctx.topo.providers.map(() => new AcceptAllReceiver(ctx.replies)) });
  const seconds = (performance.now() - t0) / 1000;
  if (conservationGap(run) !== 0) throw new Error('bug: conservation');
  return {
    seconds,
    delivered: run.metrics.totalDelivered,
    events: run.sim.eventsProcessed,
    attempts: run.metrics.totalAttempts,
    reactions: run.reactions.engagements + run.reactions.inactive + run.reactions.complaints,
  };
}

once(); // warm-up
let best = once();
for (let i = 0; i < 2; i++) {
  const r = once();
  if (r.seconds < best.seconds) best = r;
}
const result = {
  benchmark: 'sending',
  machine: machineInfo(),
  delivered: best.delivered,
  attempts: best.attempts,
  events: best.events,
  reactionEvents: best.reactions,
  wallSeconds: +best.seconds.toFixed(3),
  deliveredPerSecond: Math.round(best.delivered / best.seconds),
  eventsPerSecond: Math.round(best.events / best.seconds),
  peakRssMB: Math.round(process.memoryUsage().rss / 2 ** 20),
  target: { deliveredPerSecond: 500_000 },
};
mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
writeFileSync(new URL('./results/sending.json', import.meta.url), JSON.stringify(result, null, 2) + '\n');
if (process.argv.includes('--json')) console.log(JSON.stringify(result, null, 2));
else {
  console.log(`# Sending side (${result.machine.date}, ${result.machine.cpus})\n`);
  console.log(
    `delivered ${result.delivered.toLocaleString('en-US')} in ${result.wallSeconds} s (best of 3 after a warm-up): ` +
      `${result.deliveredPerSecond.toLocaleString('en-US')} delivered/s (target >= 500,000), ${result.eventsPerSecond.toLocaleString('en-US')} events/s, ` +
      `${result.reactionEvents.toLocaleString('en-US')} reaction events, RSS ${result.peakRssMB} MB`,
  );
}
