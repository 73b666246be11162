/**
 * What an export needs to know of the scenario: its IPs (and pools), its streams' daily plans,
 * and each mailbox provider's recipient domains with their MX (the CLI builds it from the scenario
 * and the provider plug-ins). Source names `ip-1`, `ip-2`, ... follow the scenario's IP order.
 */

export interface ExportTarget {
  readonly scenario: string;
  readonly days: number;
  readonly ips: readonly { readonly address: string; readonly pool: string }[];
  readonly streams: readonly { readonly kind: 'bulk' | 'transactional'; readonly pool: string; readonly perDay: readonly number[] }[];
  readonly providers: readonly {
    readonly name: string;
    /** Share of the audience. */
    readonly share: number;
    readonly domains: readonly { readonly name: string; readonly mx: string }[];
  }[];
}

/** The egress source (KumoMTA), virtual-mta (PowerMTA) or transport (Postfix) name of the i-th IP. */
export const sourceName = (i: number) => `ip-${i + 1}`;

/** The longest common suffix (whole DNS labels, at least two) of a provider's MX hosts, or undefined. */
export function mxSuffix(mxs: readonly string[]): string | undefined {
  if (mxs.length === 0) return undefined;
  const split = mxs.map((m) => m.toLowerCase().split('.').reverse());
  const common: string[] = [];
  for (let i = 0; ; i++) {
    const l = split[0]![i];
    if (l === undefined || !split.every((s) => s[i] === l)) break;
    common.push(l);
  }
  return common.length >= 2 ? common.reverse().join('.') : undefined;
}

/** The most bulk messages a provider gets in one day of the plan (its audience share of every bulk stream of `pool`). */
export function peakBulkPerDay(t: ExportTarget, provider: string, pools: ReadonlySet<string>): number {
  const share = t.providers.find((p) => p.name === provider)?.share ?? 0;
  let peak = 0;
  for (let d = 0; d < t.days; d++) {
    let n = 0;
    for (const s of t.streams) if (s.kind === 'bulk' && pools.has(s.pool)) n += s.perDay[Math.min(d, s.perDay.length - 1)] ?? 0;
    peak = Math.max(peak, n * share);
  }
  return peak;
}
