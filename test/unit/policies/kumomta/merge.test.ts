/**
 * KumoMTA's merge order for one egress path (crates/kumo-api-types/src/shaping.rs,
 * get_egress_path_config): default -> matching providers -> their sources.X -> site -> domain ->
 * site.sources.X -> domain.sources.X, later wins; and what is listed as not modelled.
 */
import { describe, expect, it } from 'vitest';
import { shapingSchema } from '../../../../src/policies/kumomta/shaping.ts';
import { resolvePath } from '../../../../src/policies/kumomta/merge.ts';

const site = { name: 'olc.protection.outlook.com', mx: 'olc.protection.outlook.com', domains: ['hotmail.com', 'outlook.com'] };
const LAYERS = ['default', 'provider', 'provider.sources', 'site', 'domain', 'site.sources', 'domain.sources'] as const;

/** A shaping document in which the first `n` layers each set max_deliveries_per_connection to their index + 1. */
function doc(n: number): Record<string, unknown> {
  const v = (i: number) => (i < n ? { max_deliveries_per_connection: i + 1 } : {});
  return {
    default: v(0),
    provider: { outlook: { match: [{ MXSuffix: '.olc.protection.outlook.com' }], ...v(1), sources: { s1: v(2) } } },
    'hotmail.com': { ...v(3), sources: { s1: v(5) } },
    'outlook.com': { mx_rollup: false, ...v(4), sources: { s1: v(6) } },
  };
}

describe('kumomta merge order', () => {
  it.each(LAYERS.map((l, i) => [l, i]))('with layers up to %s set, that layer wins', (_layer, i) => {
    const sh = shapingSchema.parse(doc(i + 1));
    expect(resolvePath(sh, site, 's1').path.max_deliveries_per_connection).toBe(i + 1);
    // another source sees no source overrides: the last non-source layer set wins (or the code default)
    const others = [0, 1, 3, 4].filter((k) => k <= i);
    expect(resolvePath(sh, site, 's2').path.max_deliveries_per_connection).toBe(others.length ? others.at(-1)! + 1 : 1024);
  });

  it('a later layer wins even when written earlier in the file; every layer from all seven', () => {
    const sh = shapingSchema.parse({ ...doc(7), default: { max_deliveries_per_connection: 1, connection_limit: 3 } });
    const r = resolvePath(sh, site, 's1');
    expect(r.path).toEqual({
      connection_limit: 3,
      max_message_rate: undefined,
      max_deliveries_per_connection: 7,
      source_selection_rate: undefined,
    });
  });

  it('provider limits come from provider blocks; provider_source_selection_rate per source, the tighter of it and source_selection_rate', () => {
    const sh = shapingSchema.parse({
      provider: {
        outlook: {
          match: [{ DomainSuffix: '.com' }],
          provider_connection_limit: 4,
          provider_max_message_rate: '100/h',
          source_selection_rate: '500/d',
          sources: { s1: { provider_source_selection_rate: '100/day,max_burst=1' } },
        },
      },
    });
    const a = resolvePath(sh, site, 's1');
    expect([a.providerConnections, a.providerRate]).toEqual([4, { limit: 100, period: 3600, maxBurst: 100 }]);
    expect(a.path.source_selection_rate).toEqual({ limit: 100, period: 86400, maxBurst: 1 });
    expect(resolvePath(sh, site, 's2').path.source_selection_rate).toEqual({ limit: 500, period: 86400, maxBurst: 500 });
  });

  it("named limits in a provider's sources table cap that source at the provider (the tightest wins); elsewhere or shared by two tables they are listed as not modelled", () => {
    const sh = shapingSchema.parse({
      default: { additional_connection_limits: { global: 100 } },
      provider: {
        outlook: {
          match: [{ MXSuffix: '.olc.protection.outlook.com' }],
          provider_connection_limit: 4,
          provider_max_message_rate: '100/h',
          sources: {
            s1: {
              additional_connection_limits: { 'warmup-outlook-s1-connections': 2 },
              additional_message_rate_throttles: { 'warmup-outlook-s1-rate': '20/h,max_burst=1', shared: '10/h' },
            },
            s2: { additional_message_rate_throttles: { 'warmup-outlook-s2-rate': '500/h', shared: '10/h' } },
          },
        },
      },
    });
    const a = resolvePath(sh, site, 's1');
    expect([a.providerConnections, a.providerRate]).toEqual([2, { limit: 20, period: 3600, maxBurst: 1 }]);
    const b = resolvePath(sh, site, 's2');
    expect([b.providerConnections, b.providerRate]).toEqual([4, { limit: 100, period: 3600, maxBurst: 100 }]); // 500/h is looser
    expect(sh.ignored).toEqual([
      "default.additional_connection_limits (a named limit is modelled in a provider block's sources table, where it spans that source's paths to the provider)",
      'provider.outlook.sources.s1, provider.outlook.sources.s2.additional_message_rate_throttles "shared" (one name in 2 tables spans several sources or providers: not modelled)',
    ]);
  });

  it.each([
    [{ MXSuffix: '.olc.protection.outlook.com' }, true],
    [{ MXSuffix: '.mail.protection.outlook.com' }, false],
    [{ HostName: 'olc.protection.outlook.com' }, true],
    [{ DomainSuffix: '.com' }, true],
    [{ DomainSuffix: 'hotmail.com' }, false], // every domain of the site must match
  ])('provider match %j -> %s', (match, hit) => {
    const sh = shapingSchema.parse({ provider: { p: { match: [match], connection_limit: 7 } } });
    expect(resolvePath(sh, site, undefined).path.connection_limit).toBe(hit ? 7 : 32);
  });

  it('lists every option it does not model, with the reason, and every source named', () => {
    const sh = shapingSchema.parse({
      default: { enable_tls: 'Required', sources: { x: { connection_limit: 1 } } },
      provider: { p: { match: [], max_connection_rate: '10/min', sources: { y: { provider_connection_limit: 2, idle_timeout: '5s' } } } },
      'a.com': {
        provider_connection_limit: 3,
        automation: [{ regex: 'x', action: [{ SetConfig: { name: 'max_connection_rate', value: '1/min' } }, 'Bounce'], duration: '1h' }],
      },
    });
    expect(sh.ignored).toEqual([
      'a.com.automation[0] Bounce (not modelled)',
      'a.com.automation[0] SetConfig max_connection_rate (not modelled)',
      'a.com.provider_connection_limit (KumoMTA reads it in provider blocks only)',
      'default.enable_tls (not modelled)',
      'default.sources.x.connection_limit (KumoMTA applies the sources of provider, site and domain blocks, not of default)',
      'provider.p.max_connection_rate (not modelled)',
      'provider.p.sources.y.idle_timeout (not modelled)',
      'provider.p.sources.y.provider_connection_limit (KumoMTA reads it in provider blocks only, not in a sources table)',
    ]);
    expect(sh.sources).toEqual(['x', 'y']);
  });
});
