/**
 * Defaults of a scenario, in one place: the schema fills these in, tests start from them.
 * The audience segments are the reference audiences of docs/receiver-model.md 2.3
 * (engaged: 35 % engage, 0.03 % complaints, 0.2 % unknown; lapsed/average: 15 %, 0.08 %, 1 %,
 * traps 1e-5; cold/bad: 3 %, 0.4 %, 6 %, traps 2e-4).
 */
import type { AudienceSpec, MtaSpec, Scenario, SegmentSpec } from '../spec/scenario.ts';

export const SEGMENTS: Readonly<Record<'engaged' | 'lapsed' | 'cold', SegmentSpec>> = {
  engaged: { name: 'engaged', share: 1, engage: 0.35, complain: 0.0003, unknown: 0.002, trap: 0, recencyDays: [0, 30] },
  lapsed: { name: 'lapsed', share: 1, engage: 0.15, complain: 0.0008, unknown: 0.01, trap: 0.00001, recencyDays: [30, 180] },
  cold: { name: 'cold', share: 1, engage: 0.03, complain: 0.004, unknown: 0.06, trap: 0.0002, recencyDays: [180, 720] },
};

export const DEFAULT_MTA: MtaSpec = { grouping: 'mx', connectTime: 0.5, transactionTime: 0.25, idleTimeout: 60 };

export const DEFAULT_AUDIENCE: AudienceSpec = {
  size: 100_000,
  providers: { microsoft: 0.35, gmail: 0.35, yahoo: 0.15, corporate: 0.1, m365: 0.05 },
  segments: [
    { ...SEGMENTS.engaged, share: 0.6 },
    { ...SEGMENTS.lapsed, share: 0.3 },
    { ...SEGMENTS.cold, share: 0.1 },
  ],
  corporateDomains: 20,
  m365Tenants: 10,
};

/** A small complete scenario: 2 fresh IPs, one authenticated domain, one bulk stream, 7 days. */
export function baseScenario(overrides: Partial<Scenario> = {}): Scenario {
  return {
    name: 'base',
    description: '',
    seed: 1,
    duration: 7 * 86400,
    startDate: '2026-01-05',
    ips: [
      { address: '192.0.2.10', pool: 'warmup', weight: 1, prewarm: undefined, feedbackLoop: true },
      { address: '192.0.2.11', pool: 'warmup', weight: 1, prewarm: undefined, feedbackLoop: true },
    ],
    domains: [{ name: 'news.example.com', spf: true, dkim: true, dmarc: true, aligned: true, rdns: true, prewarm: undefined }],
    audience: DEFAULT_AUDIENCE,
    streams: [
      {
        kind: 'bulk',
        name: 'newsletter',
        domain: 'news.example.com',
        pool: 'warmup',
        perDay: [5000],
        sendAt: 9 * 3600,
        spread: 0,
        segments: [],
      },
    ],
    mta: DEFAULT_MTA,
    receivers: {},
    scripts: {},
    policies: [],
    ...overrides,
  };
}
