/**
 * The exported configuration, imported back and simulated: exactly the same run for an MTA policy
 * written back as its own configuration; within stated tolerances for the seed playbook written as
 * KumoMTA stage files (its adaptive parts are rolled by the stage rule, see the export's README),
 * and for a plan of `warmup-sim plan` (the ramp policy) exported with or without its plan.csv.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parse as parseYaml, stringify } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { loadScenarioFile } from '../../../src/scenario/load.ts';
import { runScenario } from '../../../src/run/run-scenario.ts';
import { exportPolicy, type Mta } from '../../../src/policies/porting/export.ts';
import { parsePlanCsv } from '../../../src/policies/porting/plan-csv.ts';
import type { PlanRow } from '../../../src/policies/porting/ramp-from.ts';
import { exportTarget } from '../../../src/cli/commands/export.ts';
import { compact } from '../../golden/golden.ts';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** The scenario with `policy` and its export (files written beside a copy of the scenario) as its two policies. */
function withExport(file: string, mta: Mta, policy: string, edit?: (raw: Record<string, unknown>) => void, plan?: readonly PlanRow[]) {
  const dir = mkdtempSync(join(tmpdir(), 'export-'));
  dirs.push(dir);
  const raw = parseYaml(readFileSync(file, 'utf8')) as Record<string, unknown>;
  edit?.(raw);
  const text = stringify(raw, { lineWidth: 0 });
  writeFileSync(join(dir, 'scenario.yaml'), text);
  // relative file names in the policy (kumomta/shaping.toml) are read from the scenario's own directory
  for (const f of ['kumomta/shaping.toml'])
    (mkdirSync(join(dir, dirname(f)), { recursive: true }), writeFileSync(join(dir, f), readFileSync(join(dirname(file), f))));
  const loaded = loadScenarioFile(join(dir, 'scenario.yaml'));
  const use = loaded.scenario.policies.find((p) => p.name === policy)!;
  const out = exportPolicy(mta, use, exportTarget(loaded.scenario), (f) => `out/${f}`, plan);
  for (const [f, body] of Object.entries(out.files)) {
    mkdirSync(dirname(join(dir, 'out', f)), { recursive: true });
    writeFileSync(join(dir, 'out', f), body);
  }
  const original = (raw['policies'] as Record<string, unknown>[]).find((p) => p['name'] === policy)!;
  writeFileSync(
    join(dir, 'scenario.yaml'),
    stringify({ ...raw, policies: [original, { ...out.entry, name: 'exported' }] }, { lineWidth: 0 }),
  );
  return loadScenarioFile(join(dir, 'scenario.yaml'));
}

/** Per provider: the most messages one IP had accepted by it in one hour. */
function peakHourly(r: ReturnType<typeof runScenario>['run']): Record<string, number> {
  const m = r.metrics;
  const peak: Record<string, number> = {};
  for (let h = 0; h < m.hours; h++)
    for (let p = 0; p < m.providers; p++)
      for (let ip = 0; ip < m.ips; ip++) {
        const name = r.topo.providers[p]!;
        peak[name] = Math.max(peak[name] ?? 0, m.accepted[(h * m.providers + p) * m.ips + ip]!);
      }
  return peak;
}

/**
 * `policy` and its export on the same seeds: no block in either, deliveries within 1 %, worst daily
 * Microsoft deferral rate within 0.5 points, days to target within 1 day, and at every provider no
 * hour of one IP above the policy's busiest by more than 10 % + 2 (a cap written per MX site would
 * multiply it by the provider's sites: Microsoft 365's tenants, the corporate domains).
 */
function simulatesLike(l: ReturnType<typeof withExport>, policy: string, seeds: readonly number[]): void {
  for (const seed of seeds) {
    const ra = runScenario(l, { policy, seed });
    const rb = runScenario(l, { policy: 'exported', seed });
    const [a, b] = [ra.summary, rb.summary];
    const [pa, pb] = [peakHourly(ra.run), peakHourly(rb.run)];
    console.log(`seed ${seed}: busiest IP-hour per provider ${JSON.stringify(pa)} vs ${JSON.stringify(pb)}`);
    for (const provider of Object.keys(pa)) expect(pb[provider]!, provider).toBeLessThanOrEqual(pa[provider]! * 1.1 + 2);
    console.log(
      `seed ${seed}: delivered ${a.delivered} vs ${b.delivered}; worst MS day ${(a.microsoft.maxDailyDeferralRate * 100).toFixed(2)} % vs ${(b.microsoft.maxDailyDeferralRate * 100).toFixed(2)} %; days to target ${a.daysToTarget} vs ${b.daysToTarget}; bulk p95 ${(a.latency.bulk.p95 / 3600).toFixed(1)} h vs ${(b.latency.bulk.p95 / 3600).toFixed(1)} h`,
    );
    expect(Object.values(b.blocksByProvider).reduce((x, y) => x + y, 0)).toBe(0);
    expect(Object.values(a.blocksByProvider).reduce((x, y) => x + y, 0)).toBe(0);
    expect(Math.abs(b.delivered - a.delivered) / a.delivered).toBeLessThan(0.01);
    expect(Math.abs(b.microsoft.maxDailyDeferralRate - a.microsoft.maxDailyDeferralRate)).toBeLessThan(0.005);
    expect(Math.abs((b.daysToTarget ?? 99) - (a.daysToTarget ?? 99))).toBeLessThanOrEqual(1);
  }
}

describe('an MTA policy exported as its own configuration and imported back runs exactly the same', () => {
  it.each([
    ['kumomta', 'kumomta'],
    ['powermta', 'powermta'],
    ['postfix', 'postfix'],
  ] as const)('%s (scenarios/mta-defaults.yaml, seed 42)', (mta, policy) => {
    const l = withExport('scenarios/mta-defaults.yaml', mta, policy);
    expect(compact(runScenario(l, { policy: 'exported' }).summary)).toEqual(compact(runScenario(l, { policy }).summary));
  });

  it('kumomta with per-source overrides, queues and per-source stages', () => {
    const l = withExport('scenarios/mta-defaults.yaml', 'kumomta', 'kumomta', (raw) => {
      const k = (raw['policies'] as Record<string, unknown>[]).find((p) => p['name'] === 'kumomta')!;
      k['sources'] = { 'new-ip-1': '198.51.100.90' };
      k['queues'] = { queue: { default: { retry_interval: '15m', max_retry_interval: '2h' }, 'hotmail.com': { retry_interval: '30m' } } };
      k['shaping'] = {
        default: { connection_limit: 4 },
        provider: {
          outlook: {
            match: [{ MXSuffix: '.olc.protection.outlook.com' }],
            provider_connection_limit: 2,
            sources: { 'new-ip-1': { max_message_rate: '30/h,max_burst=1' } },
          },
        },
        'hotmail.com': { automation: [{ regex: 'rate limited', action: 'Suspend', trigger: { Threshold: '3/h' }, duration: '30m' }] },
      };
      k['stages'] = {
        files: [
          {
            default: { connection_limit: 6 },
            provider: {
              outlook: { match: [{ MXSuffix: '.olc.protection.outlook.com' }], sources: { 'new-ip-1': { max_message_rate: '60/h' } } },
            },
          },
        ],
        advance: 'clean',
        clean_hours: 12,
        per: 'source',
      };
    });
    expect(compact(runScenario(l, { policy: 'exported' }).summary)).toEqual(compact(runScenario(l, { policy: 'kumomta' }).summary));
  });
});

describe('the seed playbook exported as KumoMTA stage files simulates like the playbook', () => {
  it('default scenario, 3 seeds: no block in either, deliveries within 1 %, worst daily Microsoft deferral rate within 0.5 points, days to target within 1 day', () => {
    const l = withExport('scenarios/new-ips-engaged.yaml', 'kumomta', 'seed-playbook');
    simulatesLike(l, 'seed-playbook', [7, 8, 9]);
  });
});

describe('a plan (the ramp policy) exported as KumoMTA stage files simulates like the plan', () => {
  const plan = (
    parseYaml(readFileSync('examples/plan/new-ips-engaged/plan-policy.yaml', 'utf8')) as { policies: Record<string, unknown>[] }
  ).policies[0]!;
  const parsed = parsePlanCsv(readFileSync('examples/plan/new-ips-engaged/plan.csv', 'utf8'), 'plan.csv', {
    ips: ['192.0.2.10', '192.0.2.11'],
    providers: ['microsoft', 'gmail', 'yahoo', 'corporate', 'm365'],
  });
  if (!parsed.ok) throw new Error(parsed.issue.message);
  it.each([
    ["with --plan plan.csv (its stages are the plan's days), 3 seeds", parsed.rows, [7, 8, 9]],
    ['from the ramp policy alone (its nominal table), 1 seed', undefined, [7]],
  ] as const)(
    "examples/plan/new-ips-engaged's plan %s, default scenario: no block in either, deliveries within 1 %, worst daily Microsoft deferral rate within 0.5 points, days to target within 1 day",
    (_how, rows, seeds) => {
      const l = withExport(
        'scenarios/new-ips-engaged.yaml',
        'kumomta',
        'plan',
        (raw) => {
          raw['policies'] = [...(raw['policies'] as unknown[]), plan];
        },
        rows,
      );
      simulatesLike(l, 'plan', seeds);
    },
  );
});

describe("a ramp whose caps bind at providers of many MX sites exports caps over all the provider's sites", () => {
  it('Microsoft 365 (10 tenants) and corporate (20 domains) at 4/h per IP: the exported KumoMTA stages hold the same busiest hour', () => {
    const ramp = { name: 'plan', use: 'ramp', ips: 2, per_provider: { m365: 4, corporate: 4 }, growth: 1.01, clean_hours: 24 };
    const l = withExport('scenarios/new-ips-engaged.yaml', 'kumomta', 'plan', (raw) => {
      raw['policies'] = [...(raw['policies'] as unknown[]), ramp];
      raw['duration'] = '4d';
    });
    const pa = peakHourly(runScenario(l, { policy: 'plan', seed: 7 }).run);
    const pb = peakHourly(runScenario(l, { policy: 'exported', seed: 7 }).run);
    console.log(`busiest IP-hour per provider ${JSON.stringify(pa)} vs ${JSON.stringify(pb)}`);
    expect([pa['m365'], pa['corporate']]).toEqual([4, 4]); // the caps bind: 4/h, x1.01 a day
    for (const provider of Object.keys(pa)) expect(pb[provider]!, provider).toBeLessThanOrEqual(pa[provider]! * 1.1 + 2);
  });
});
