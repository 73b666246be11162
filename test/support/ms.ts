/**
 * Harness for the receiver stylized facts (docs/receiver-model.md 3): Microsoft-only audiences,
 * the prototype's sender behaviours ("polite", "paced + fixed retry", "naive") and
 * sender-observable statistics, plus the hidden trace.
 */
import { simulate, type RunState } from '../../src/run/simulate.ts';
import { baseScenario, SEGMENTS } from '../../src/scenario/defaults.ts';
import { defaultReceivers } from '../../src/providers/registry.ts';
import { CLASS_INDEX } from '../../src/metrics/run-metrics.ts';
import type { Policy } from '../../src/contracts/policy.ts';
import type { BulkStreamSpec, IpSpec, PrewarmSpec, Scenario, SegmentSpec, SendingDomainSpec } from '../../src/spec/scenario.ts';

const DOMAIN = 'mail.example.com';
export const ip = (address: string, prewarm?: PrewarmSpec, pool = 'p'): IpSpec => ({
  address,
  pool,
  weight: 1,
  prewarm,
  feedbackLoop: true,
});
export const domain = (name = DOMAIN, auth: Partial<SendingDomainSpec> = {}): SendingDomainSpec => ({
  name,
  spf: true,
  dkim: true,
  dmarc: true,
  aligned: true,
  rdns: true,
  prewarm: undefined,
  ...auth,
});
/** A 21-day history at `perHour` to engaged recipients. */
export const warmed = (perHour: number, idleDays = 0): PrewarmSpec => ({ days: 21, perHour, engagement: 0.35, idleDays });
export const bad: SegmentSpec = { ...SEGMENTS.cold, name: 'bad' };
export const average: SegmentSpec = { ...SEGMENTS.lapsed, name: 'average' };
export const engaged: SegmentSpec = SEGMENTS.engaged;

/** A bulk stream offering `perDay` messages evenly over `spread` seconds from `sendAt`. */
export function offer(perDay: number | number[], o: Partial<BulkStreamSpec> = {}): BulkStreamSpec {
  return {
    kind: 'bulk',
    name: o.name ?? 'bulk',
    domain: DOMAIN,
    pool: 'p',
    perDay: Array.isArray(perDay) ? perDay : [perDay],
    sendAt: 0,
    spread: 86400,
    segments: [],
    ...o,
  };
}

export function msScenario(o: {
  days: number;
  streams: BulkStreamSpec[];
  ips?: IpSpec[];
  domains?: SendingDomainSpec[];
  segments?: SegmentSpec[];
  size?: number;
  params?: Record<string, number | string | boolean>;
  startDate?: string;
}): Scenario {
  const segments = (o.segments ?? [engaged]).map((s) => ({ ...s, share: 1 }));
  return baseScenario({
    name: 'facts',
    duration: o.days * 86400,
    startDate: o.startDate ?? '2026-01-05',
    ips: o.ips ?? [ip('192.0.2.10')],
    domains: o.domains ?? [domain()],
    audience: { size: o.size ?? 200_000, providers: { microsoft: 1 }, segments, corporateDomains: 1, m365Tenants: 1 },
    streams: o.streams,
    receivers: { microsoft: { mode: 'expected', ...o.params } },
  });
}

export function run(s: Scenario, policy: Policy, onAttempt?: Parameters<typeof simulate>[0]['onAttempt']): RunState {
  return simulate({ scenario: s, policy, receivers: defaultReceivers, onAttempt });
}

/** Runs and counts attempts and deferrals per stream (metrics are per IP, not per stream). */
export function runByStream(
  s: Scenario,
  policy: Policy,
  fromDay = 0,
): { run: RunState; attempts: number[]; deferred: number[]; dfr: number[] } {
  const attempts = s.streams.map(() => 0),
    deferred = s.streams.map(() => 0);
  const r = run(s, policy, (a, reply, _path, now) => {
    if (now < fromDay * 86400) return;
    attempts[a.stream]!++;
    if (reply.temporary) deferred[a.stream]!++;
  });
  return { run: r, attempts, deferred, dfr: attempts.map((x, i) => (x > 0 ? deferred[i]! / x : 0)) };
}

/** "polite": even pacing at `rate`/h per IP (if given), the path paused `pause` s on any 4xx, deferred mail retried after the pause. */
export function polite(o: { rate?: number; pause?: number; connections?: number } = {}): Policy {
  const pause = o.pause ?? 1800;
  let mta: Parameters<Policy['setup']>[0];
  return {
    name: 'polite',
    setup(m) {
      mta = m;
      for (let p = 0; p < m.pathCount; p++) {
        m.setPathConnections(p, o.connections ?? 2);
        if (o.rate !== undefined) m.setPathRate(p, { limit: o.rate, period: 3600, maxBurst: 1 });
      }
      m.setMaxAge(30 * 86400);
    },
    onReply(path, reply, now) {
      if (reply.temporary) mta.suspendPath(path, now + pause);
    },
    retryAt: (_m, _r, now) => now + pause,
  };
}

/** "paced + fixed retry" / "naive": optional pacing of all sends, every deferred message retried after `retry` s, no slowing down. */
export function fixedRetry(o: { retry: number; rate?: number; connections?: number; maxAge?: number; resendRejected?: boolean }): Policy {
  return {
    name: `retry-${o.retry}`,
    resendRejected: o.resendRejected ?? false,
    setup(m) {
      for (let p = 0; p < m.pathCount; p++) {
        m.setPathConnections(p, o.connections ?? 2);
        if (o.rate !== undefined) m.setPathRate(p, { limit: o.rate, period: 3600, maxBurst: 1 });
      }
      m.setMaxAge(o.maxAge ?? 30 * 86400);
    },
    onReply() {},
    retryAt: (_m, _r, now) => now + o.retry,
  };
}

export interface Stats {
  attempts: number;
  deferred: number;
  accepted: number;
  blocks: number;
  dfr: number;
  dailyDfr: number[];
  maxDailyDfr: number;
  dailyAccepted: number[];
}

/** Sender-observable Microsoft statistics of IP `ipId` (all IPs when undefined) over days [from, to). */
export function stats(r: RunState, o: { ip?: number; from?: number; to?: number } = {}): Stats {
  const m = r.metrics;
  const from = o.from ?? 0,
    to = o.to ?? m.days;
  const dailyDfr: number[] = [],
    dailyAccepted: number[] = [];
  let attempts = 0,
    deferred = 0,
    accepted = 0,
    blocks = 0;
  for (let d = from; d < to; d++) {
    let a = 0,
      df = 0,
      ac = 0;
    for (let h = d * 24; h < (d + 1) * 24 && h < m.hours; h++) {
      for (let i = 0; i < m.ips; i++) {
        if (o.ip !== undefined && i !== o.ip) continue;
        const k = (h * m.providers + 0) * m.ips + i;
        a += m.attempts[k]!;
        df += m.deferred[k]!;
        ac += m.accepted[k]!;
      }
      blocks += m.byClass[(h * m.providers + 0) * m.classes + CLASS_INDEX.block]!;
    }
    attempts += a;
    deferred += df;
    accepted += ac;
    dailyDfr.push(a > 0 ? df / a : 0);
    dailyAccepted.push(ac);
  }
  return {
    attempts,
    deferred,
    accepted,
    blocks,
    dfr: attempts > 0 ? deferred / attempts : 0,
    dailyDfr,
    maxDailyDfr: Math.max(0, ...dailyDfr),
    dailyAccepted,
  };
}

/** Hidden Microsoft state of an IP at the end of hour `hour`. */
export function hidden(r: RunState, ipId: number, hour: number) {
  const h = r.receivers[0]!.hidden!;
  return {
    tIp: h.get(hour, ipId, 'tIp'),
    tEff: h.get(hour, ipId, 'tEff'),
    capacity: h.get(hour, ipId, 'capacity'),
    heat: h.get(hour, ipId, 'heat'),
    blocked: h.get(hour, ipId, 'blocked'),
  };
}
