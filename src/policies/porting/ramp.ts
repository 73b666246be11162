/**
 * A warm-up as the static configuration an MTA can hold: per stage (a day of the ramp), per IP and
 * provider, a message rate (held in queue) or a selection rate (overflowing to the other IPs);
 * per provider, connection limits, reply patterns that pause the IP's path for a while, and a
 * retry schedule (an interval doubling up to a maximum). Stages roll daily or after clean hours.
 * The KumoMTA, PowerMTA and Postfix exports are written from it (./kumomta-export.ts, ...), and the
 * adaptive parts of the policy it came from that no static configuration holds are its caveats.
 */
import type { ExportTarget } from './target.ts';

export interface RetrySpec {
  /** First retry interval, seconds; doubling per attempt up to `max`. */
  readonly interval: number;
  readonly max: number;
  /** Longest a message stays queued, seconds. */
  readonly maxAge: number;
}

/** A reply that pauses the IP's path to the provider (patterns: literal substrings or /regex/). */
interface PauseRule {
  readonly on: readonly string[];
  readonly pause: number;
  /** After the pause, send slower for a while: at most `perHour` over `connections` connections for `duration` seconds. */
  readonly slow?: { readonly perHour: number; readonly connections: number; readonly duration: number };
  /** `site`: every IP's path to the site pauses (a limit on the sending domain, shared by all IPs). */
  readonly scope?: 'site';
  readonly why: string;
}

export interface RampGroup {
  readonly provider: string;
  readonly domains: readonly string[];
  readonly mxs: readonly string[];
  readonly connections?: number;
  /** Connections of one IP to all the provider's sites together. */
  readonly providerConnections?: number;
  readonly perConnection?: number;
  readonly rules: readonly PauseRule[];
  readonly retry?: RetrySpec;
}

/** One IP's limit to one provider in one stage. */
export interface StageLimit {
  /** Messages per hour or per day from the IP to all the provider's sites together. */
  readonly perHour?: number;
  readonly perDay?: number;
  /** Connections from the IP to each of the provider's sites. */
  readonly connections?: number;
  /** Connections from the IP to all the provider's sites together. */
  readonly providerConnections?: number;
}

export interface Ramp {
  /** The policy it was made from. */
  readonly from: string;
  readonly ips: readonly string[];
  /** 'rate': over the limit a message waits; 'selection': it goes to another IP (ESP overflow). */
  readonly kind: 'rate' | 'selection';
  readonly groups: readonly RampGroup[];
  readonly defaults: { readonly connections: number; readonly retry: RetrySpec };
  /** stages[k].limits[ip address][provider]. */
  readonly stages: readonly { readonly limits: Readonly<Record<string, Readonly<Record<string, StageLimit>>>> }[];
  readonly advance:
    | { readonly kind: 'daily' }
    | { readonly kind: 'clean'; readonly hours: number; readonly on: readonly string[]; readonly per: 'all' | 'source' };
  readonly caveats: readonly string[];
}

/** Other providers' published temporary-limit advice, as far as a static config holds it (../support/provider-advice.ts). */
const ADVICE: Readonly<Record<string, { rules: PauseRule[]; perConnection?: number }>> = {
  gmail: {
    rules: [
      {
        on: ['from your DKIM domain'],
        pause: 600,
        scope: 'site',
        why: 'Gmail 4.7.28 naming the DKIM domain: the limit is shared by every IP, so all of them pause',
      },
      {
        on: ['4.7.28'],
        pause: 600,
        slow: { perHour: 600, connections: 1, duration: 3600 },
        why: 'Gmail 421 4.7.28: do not send for at least 10 minutes, then restart on one connection at a steady rate (KumoMTA community shaping: 10/minute)',
      },
    ],
  },
  yahoo: {
    rules: [{ on: ['[TSS04]'], pause: 7200, why: 'Yahoo [TSS04]: suspend 2 hours (KumoMTA ships this rule)' }],
    perConnection: 20,
  },
};

/** A provider group of the target, with the advice for it and `extra` settings. */
export function group(t: ExportTarget, provider: string, extra: Partial<RampGroup> = {}): RampGroup {
  const p = t.providers.find((x) => x.name === provider);
  const advice = ADVICE[provider];
  return {
    provider,
    domains: p?.domains.map((d) => d.name) ?? [],
    mxs: [...new Set(p?.domains.map((d) => d.mx) ?? [])],
    rules: [...(extra.rules ?? []), ...(advice?.rules ?? [])],
    ...(advice?.perConnection === undefined ? {} : { perConnection: advice.perConnection }),
    ...Object.fromEntries(Object.entries(extra).filter(([k]) => k !== 'rules')),
  };
}

/** Pools of the bulk streams: the IPs a warm-up ramps. */
export function bulkPools(t: ExportTarget): Set<string> {
  return new Set(t.streams.filter((s) => s.kind === 'bulk').map((s) => s.pool));
}
