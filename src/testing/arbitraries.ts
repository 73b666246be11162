/**
 * fast-check arbitraries for valid scenario files, small enough to simulate in about 100 ms each
 * (sizes bounded for CI): 1-4 IPs in one or two pools, one authenticated (or not) domain, every
 * provider in some share, 1-3 segments with random reactions, a bulk plan and a transactional
 * stream, MX or domain queue keys, Microsoft in expected-value mode.
 */
import fc from 'fast-check';
import { stringify } from 'yaml';

const segment = fc.record({
  engage: fc.double({ min: 0, max: 0.5, noNaN: true }),
  complain: fc.double({ min: 0, max: 0.01, noNaN: true }),
  unknown: fc.double({ min: 0, max: 0.1, noNaN: true }),
  trap: fc.double({ min: 0, max: 0.001, noNaN: true }),
  share: fc.double({ min: 0.05, max: 1, noNaN: true }),
  lo: fc.integer({ min: 0, max: 200 }),
  span: fc.integer({ min: 0, max: 300 }),
});

/** What an arbitrary scenario is made of, and the file itself (as the object YAML gives, and as YAML). */
export interface ScenarioSample {
  readonly raw: Record<string, unknown>;
  readonly yaml: string;
  readonly policy: string;
}

/**
 * A valid scenario file naming `policies` (default: the one given by `policy`, as `use: <name>`).
 * @param o.policy - the policy entry of every generated file (a built-in name, or a module path)
 * @param o.maxHours - longest simulated duration (default 60 h)
 */
export function scenarioArbitrary(o: {
  readonly policies: readonly string[];
  readonly maxHours?: number;
  readonly maxSize?: number;
}): fc.Arbitrary<ScenarioSample> {
  return fc
    .record({
      seed: fc.integer({ min: 1, max: 1_000_000 }),
      hours: fc.integer({ min: 6, max: o.maxHours ?? 60 }),
      ips: fc.integer({ min: 1, max: 4 }),
      twoPools: fc.boolean(),
      auth: fc.record({ spf: fc.boolean(), dkim: fc.boolean(), dmarc: fc.boolean(), aligned: fc.boolean() }),
      size: fc.integer({ min: 300, max: o.maxSize ?? 4000 }),
      shares: fc.tuple(fc.nat(10), fc.nat(10), fc.nat(10), fc.nat(10), fc.nat(10)).filter((t) => t.some((x) => x > 0)),
      segments: fc.array(segment, { minLength: 1, maxLength: 3 }),
      bulk: fc.array(fc.integer({ min: 0, max: 2500 }), { minLength: 1, maxLength: 3 }),
      sendAt: fc.integer({ min: 0, max: 23 }),
      spread: fc.constantFrom('0s', '10m', '3h'),
      tx: fc.integer({ min: 0, max: 300 }),
      grouping: fc.constantFrom('mx' as const, 'domain' as const),
      policy: fc.constantFrom(...o.policies),
    })
    .map((g) => {
      const raw = {
        name: 'random',
        seed: g.seed,
        duration: `${g.hours}h`,
        ips: Array.from({ length: g.ips }, (_, i) => ({
          address: `198.51.${100 + (i % 2)}.${10 + i}`,
          pool: g.twoPools && i % 2 === 1 ? 'b' : 'a',
        })),
        domains: [{ name: 'r.example.com', ...g.auth }],
        audience: {
          size: g.size,
          // shares sum to 1, as the schema requires
          providers: Object.fromEntries(
            ['microsoft', 'gmail', 'yahoo', 'corporate', 'm365'].map((p, i) => [p, g.shares[i]! / g.shares.reduce((a, b) => a + b, 0)]),
          ),
          segments: g.segments.map((s, i) => ({
            name: `s${i}`,
            share: s.share / g.segments.reduce((a, x) => a + x.share, 0),
            engage: s.engage,
            complain: s.complain,
            unknown: s.unknown,
            trap: s.trap,
            recency_days: [s.lo, s.lo + s.span],
          })),
          corporate_domains: 3,
          m365_tenants: 2,
        },
        streams: [
          {
            name: 'bulk',
            kind: 'bulk',
            domain: 'r.example.com',
            pool: 'a',
            per_day: g.bulk,
            send_at: `${String(g.sendAt).padStart(2, '0')}:00`,
            spread: g.spread,
          },
          {
            name: 'tx',
            kind: 'transactional',
            domain: 'r.example.com',
            pool: g.twoPools && g.ips > 1 ? 'b' : 'a',
            per_day: g.tx,
            diurnal: 'office',
          },
        ],
        mta: { grouping: g.grouping },
        receivers: { microsoft: { params: { mode: 'expected' } } },
        policies: [{ name: 'policy', use: g.policy }],
      };
      return { raw, yaml: stringify(raw, { lineWidth: 0 }), policy: g.policy };
    });
}
