/** export --plan: a plan's schedule (plan.csv) as the stages of the exported ramp. */
import { describe, expect, it } from 'vitest';
import { parsePlanCsv } from '../../../src/policies/porting/plan-csv.ts';
import { rampFromSeedPlaybook, withPlan } from '../../../src/policies/porting/ramp-from.ts';
import { findPolicy } from '../../../src/policies/registry.ts';
import type { ExportTarget } from '../../../src/policies/porting/target.ts';

const o = { ips: ['192.0.2.10', '192.0.2.11'], providers: ['microsoft', 'gmail'] };
const target: ExportTarget = {
  scenario: 't',
  days: 10,
  ips: o.ips.map((address) => ({ address, pool: 'p' })),
  streams: [{ kind: 'bulk', pool: 'p', perDay: [1000] }],
  providers: [
    { name: 'microsoft', share: 0.5, domains: [{ name: 'hotmail.com', mx: 'olc.protection.outlook.com' }] },
    { name: 'gmail', share: 0.5, domains: [{ name: 'gmail.com', mx: 'google.com' }] },
  ],
};

describe('plan.csv', () => {
  it("rows become stages day by day; the hourly cap wins over the daily one; connections stay the policy's", () => {
    const r = parsePlanCsv(
      'Day,IP,Provider,Hourly Cap,Daily Cap\n0,192.0.2.10,microsoft,30,720\n1,192.0.2.10,microsoft,,900\n1,192.0.2.11,gmail,50,\n',
      'p.csv',
      o,
    );
    if (!r.ok) throw new Error(r.issue.message);
    expect(r.rows).toEqual([
      { day: 0, ip: '192.0.2.10', provider: 'microsoft', perHour: 30 },
      { day: 1, ip: '192.0.2.10', provider: 'microsoft', perDay: 900 },
      { day: 1, ip: '192.0.2.11', provider: 'gmail', perHour: 50 },
    ]);
    const ramp = withPlan(rampFromSeedPlaybook(findPolicy('seed-playbook')!.params.parse({}) as Record<string, unknown>, target), r.rows);
    expect(ramp.stages).toEqual([
      { limits: { '192.0.2.10': { microsoft: { perHour: 30, connections: 2 } } } },
      { limits: { '192.0.2.10': { microsoft: { perDay: 900, connections: 2 } }, '192.0.2.11': { gmail: { perHour: 50 } } } },
    ]);
    expect(ramp.advance).toEqual({ kind: 'daily' });
  });

  it.each([
    ['day,ip,provider\n', 1, /missing: a cap/],
    ['ip,provider,hourly_cap\n', 1, /missing: day/],
    ['day,ip,provider,hourly_cap\nx,192.0.2.10,microsoft,3\n', 2, /day "x" is not a whole number/],
    ['day,ip,provider,hourly_cap\n0,10.0.0.1,microsoft,3\n', 2, /IP 10\.0\.0\.1 is not an IP of the scenario/],
    ['day,ip,provider,hourly_cap\n0,192.0.2.10,aol,3\n', 2, /unknown provider "aol"/],
    ['day,ip,provider,hourly_cap\n0,192.0.2.10,gmail,-3\n', 2, /hourly cap "-3" is not a number > 0/],
    ['day,ip,provider,hourly_cap,daily_cap\n0,192.0.2.10,gmail,,\n', 2, /no cap/],
  ])('%j: an error at line %i', (text, line, message) => {
    const r = parsePlanCsv(text, 'p.csv', o);
    expect(r.ok).toBe(false);
    if (!r.ok) expect([r.issue.line, r.issue.message]).toEqual([line, expect.stringMatching(message)]);
  });
});
