/**
 * Full-model benchmark at scale: 30 days, 10 warmed IPs, N messages a day (bulk newsletter plus
 * 5 % transactional) across Microsoft, Gmail, Yahoo, corporate domains and Microsoft 365 tenants,
 * the seed-playbook policy, one seed. Reports wall time, simulated attempts/s, events/s and peak RSS.
 * Target (issue 8): 1,000,000 a day in <= 60 s and <= 1.5 GB on the 2-core machine.
 *
 *   npx tsx --expose-gc bench/scale.ts [--per-day 1000000] [--all] [--json]
 *   --all runs 100k, 300k, 1M and 3M a day, each in its own process, and records how cost grows.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { simulate } from '../src/run/simulate.ts';
import { baseScenario } from '../src/scenario/defaults.ts';
import { defaultReceivers } from '../src/providers/registry.ts';
import { buildPolicy } from '../src/policies/registry.ts';
import { machineInfo } from './machine.ts';

function arg(name: string, dflt: number): number {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
}

export function scaleScenario(perDay: number) {
  const warm = { days: 30, perHour: Math.max(200, perDay / 10 / 24 / 2), engagement: 0.35, idleDays: 0 };
  return baseScenario({
    name: `scale-${perDay}`,
    seed: 1,
    duration: 30 * 86400,
    ips: Array.from({ length: 10 }, (_, i) => ({
      address: `203.0.113.${10 + i}`,
      pool: 'p',
      weight: 1,
      prewarm: warm,
      feedbackLoop: true,
    })),
    domains: [
      {
        name: 'news.example.com',
        spf: true,
        dkim: true,
        dmarc: true,
        aligned: true,
        rdns: true,
        prewarm: { ...warm, perHour: warm.perHour * 10 },
      },
    ],
    audience: {
      size: Math.max(100_000, perDay * 2),
      providers: { microsoft: 0.35, gmail: 0.35, yahoo: 0.12, corporate: 0.12, m365: 0.06 },
      segments: baseScenario().audience.segments,
      corporateDomains: 50,
      m365Tenants: 20,
    },
    streams: [
      {
        kind: 'bulk',
        name: 'news',
        domain: 'news.example.com',
        pool: 'p',
        perDay: [Math.round(perDay * 0.95)],
        sendAt: 6 * 3600,
        spread: 12 * 3600,
        segments: [],
      },
      {
        kind: 'transactional',
        name: 'tx',
        domain: 'news.example.com',
        pool: 'p',
        perDay: Math.round(perDay * 0.05),
        diurnal: Array(24).fill(1),
      },
    ],
  });
}

export function once(perDay: number) {
  const t0 = performance.now();
  const policy = buildPolicy('seed-playbook', {}, { name: 'seed-playbook', baseDir: '.' });
  const run = simulate({ scenario: scaleScenario(perDay), policy, receivers: defaultReceivers });
  const seconds = (performance.now() - t0) / 1000;
  const m = run.metrics;
  return {
    perDay,
    wallSeconds: +seconds.toFixed(2),
    events: run.sim.eventsProcessed,
    attempts: m.totalAttempts,
    injected: m.totalInjected,
    delivered: m.totalDelivered,
    withheld: m.totalWithheld,
    /** Messages still queued at the end (a lost wake would strand mail here). */
    queuedAtEnd: run.mta.messages.live,
    attemptsPerSecond: Math.round(m.totalAttempts / seconds),
    eventsPerSecond: Math.round(run.sim.eventsProcessed / seconds),
    peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
  };
}

const here = fileURLToPath(import.meta.url);
const isMain = process.argv[1] === here;
if (isMain && process.argv.includes('--all')) {
  const rows = [100_000, 300_000, 1_000_000, 3_000_000].map((n) => {
    const r = spawnSync(process.execPath, [...process.execArgv, here, '--per-day', String(n), '--json', '--no-record'], {
      encoding: 'utf8',
      maxBuffer: 1 << 24,
    });
    if (r.status !== 0) throw new Error(r.stderr);
    return JSON.parse(r.stdout) as ReturnType<typeof once>;
  });
  const base = rows[0]!;
  const result = {
    benchmark: 'scale',
    machine: machineInfo(),
    policy: 'seed-playbook',
    days: 30,
    ips: 10,
    rows,
    targets: { perDay: 1_000_000, maxWallSeconds: 60, maxRssMB: 1536 },
  };
  mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
  writeFileSync(new URL('./results/scale.json', import.meta.url), JSON.stringify(result, null, 2) + '\n');
  const md = [
    `# Full model at scale (${result.machine.date}, ${result.machine.cpus}, Node ${result.machine.node})`,
    '',
    'Command: `npx tsx --expose-gc bench/scale.ts --all` (each size in its own process). 30 days, 10 warmed IPs, seed-playbook, one seed.',
    '',
    '| messages/day | wall s | events | attempts | delivered | queued at end | attempts/s | events/s | peak RSS MB | wall / (wall at 100k) | volume ratio |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...rows.map(
      (r) =>
        `| ${r.perDay.toLocaleString('en-US')} | ${r.wallSeconds} | ${r.events.toLocaleString('en-US')} | ${r.attempts.toLocaleString('en-US')} | ${r.delivered.toLocaleString('en-US')} | ${r.queuedAtEnd.toLocaleString('en-US')} | ${r.attemptsPerSecond.toLocaleString('en-US')} | ${r.eventsPerSecond.toLocaleString('en-US')} | ${r.peakRssMB} | ${(r.wallSeconds / base.wallSeconds).toFixed(1)} | ${(r.perDay / base.perDay).toFixed(0)} |`,
    ),
    '',
    'Targets at 1,000,000 a day: <= 60 s, <= 1,536 MB.',
    '',
    'Cost follows delivered mail more than injected mail: a delivery draws placement and reactions, and the',
    "playbook's paced paths (Gmail, Yahoo) send every message through the holding queue. Two changes brought",
    '1M a day from 60-78 s to 51-53 s: held mail is released only when a source can be eligible (not at every',
    'pump), and bulk lists are walked in recipient id order, so audience lookups are sequential, not cache misses.',
    "Then 52 s to 45 s: Microsoft's 50 receiver parameters were a hash table (built key by key), now a fast object.",
    '',
  ].join('\n');
  writeFileSync(new URL('./results/scale.md', import.meta.url), md);
  console.log(process.argv.includes('--json') ? JSON.stringify(result, null, 2) : md);
} else if (isMain) {
  const r = once(arg('--per-day', 1_000_000));
  console.log(process.argv.includes('--json') ? JSON.stringify(r) : r);
}
