/**
 * Per-source overrides change what is simulated: a shaping file whose `["hotmail.com".sources."new-ip-1"]`
 * caps new-ip-1 at 20 an hour to Outlook.com caps that IP only (before per-source overrides were read,
 * the block was accepted and silently dropped, and both IPs sent alike).
 */
import { describe, expect, it } from 'vitest';
import { buildPolicy } from '../../../../src/policies/registry.ts';
import { ip, msScenario, offer, run } from '../../../support/ms.ts';
import { loadScenarioText } from '../../../../src/scenario/load.ts';
import { summarize } from '../../../../src/metrics/summary.ts';

const scenario = msScenario({ days: 3, ips: [ip('192.0.2.10'), ip('192.0.2.11')], streams: [offer(3000, { spread: 10 * 3600 })] });
const make = (params: unknown) => buildPolicy('kumomta', params, { name: 'k', baseDir: 'test/fixtures' });

/** Microsoft attempts per IP per hour. */
function perIpHour(r: ReturnType<typeof run>): number[][] {
  const m = r.metrics;
  return Array.from({ length: m.ips }, (_, i) => Array.from({ length: m.hours }, (_, h) => m.attempts[h * m.providers * m.ips + i]!));
}

describe('kumomta per-source overrides', () => {
  let runs: { capped: ReturnType<typeof run>; plain: ReturnType<typeof run> } | undefined;
  const both = () =>
    (runs ??= {
      capped: run(scenario, make({ shaping: 'kumo-sources.toml', sources: { 'new-ip-1': '192.0.2.10' } })),
      plain: run(scenario, make({ shaping: 'kumo-sources.toml' })), // new-ip-1 maps to no IP of the scenario
    });

  it('the override caps new-ip-1 (192.0.2.10) at 20 an hour; the other IP is not capped', () => {
    const { capped, plain } = both();
    const [a, b] = perIpHour(capped);
    console.log(
      `peak attempts/h: capped IP ${Math.max(...a!)}, other IP ${Math.max(...b!)}; unmapped: ${perIpHour(plain)
        .map((x) => Math.max(...x))
        .join(', ')}`,
    );
    expect(Math.max(...a!)).toBeLessThanOrEqual(21);
    expect(Math.max(...b!)).toBeGreaterThan(60);
  });

  it('without the mapping neither IP is capped, and the simulated outcome differs', () => {
    const { capped, plain } = both();
    for (const x of perIpHour(plain)) expect(Math.max(...x)).toBeGreaterThan(60);
    const s = (r: ReturnType<typeof run>) => summarize(r, 'k').summary;
    // uncapped, the new IP is blocked and nearly all its bulk mail is never delivered; capped, most of it waits instead
    const [c, p] = [s(capped).latency.bulk, s(plain).latency.bulk];
    expect(c.neverDelivered).toBeLessThan(0.8 * p.neverDelivered);
    expect(c.within24h).toBeGreaterThan(10 * p.within24h);
  });

  it('a source named by its IP address needs no mapping', () => {
    const byAddress = run(
      scenario,
      make({ shaping: { 'hotmail.com': { sources: { '192.0.2.11': { max_message_rate: '20/h,max_burst=1' } } } } }),
    );
    const [a, b] = perIpHour(byAddress);
    expect(Math.max(...b!)).toBeLessThanOrEqual(21);
    expect(Math.max(...a!)).toBeGreaterThan(60);
  });

  it('a mapping to an IP the scenario does not have is an error located in the file', () => {
    const text = `name: t
duration: 1d
ips: [{ address: 192.0.2.10, pool: p }]
domains: [{ name: a.example }]
audience: { size: 1000, providers: { microsoft: 1 }, segments: [{ name: e, preset: engaged, share: 1 }] }
streams: [{ name: s, kind: bulk, domain: a.example, pool: p, per_day: 100 }]
policies:
  - name: k
    use: kumomta
    sources: { new-ip-1: 192.0.2.99 }
`;
    expect(() => loadScenarioText(text, 't.yaml')).toThrow(
      /^t\.yaml:10:\d+ policies\[0\]\.sources\.new-ip-1: 192\.0\.2\.99 is not an IP of the scenario \(IPs: 192\.0\.2\.10\)$/,
    );
  });
});
