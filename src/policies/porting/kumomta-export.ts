/**
 * A ramp (./ramp.ts) as KumoMTA configuration (docs/reference/kumo/make_egress_path,
 * trafficshaping/automation.md, the queues and sources helpers): one shaping file per stage, each
 * with the default block, a provider block per provider (MXSuffix match, connection limits,
 * automation rules that Suspend the source x site for the pause) and per-source overrides
 * `[provider."p".sources."ip-1"]` with the stage's rate (max_message_rate, held in queue; for a
 * provider of several sites a named additional_message_rate_throttles entry, so the rate spans
 * them) or selection rate (provider_source_selection_rate, overflowing to the other sources); queues.toml
 * with the retry schedules per domain; sources.toml with each source's address.
 */
import type { Ramp, RampGroup, StageLimit } from './ramp.ts';
import { sourceName, mxSuffix } from './target.ts';
import { writeToml } from './toml-write.ts';
import { dur, patternRegex, rate, stageName, type Exported } from './export-files.ts';

function providerBlock(g: RampGroup): Record<string, unknown> {
  const suffix = mxSuffix(g.mxs);
  const b: Record<string, unknown> = {
    match: suffix === undefined ? g.domains.map((d) => ({ DomainSuffix: d })) : [{ MXSuffix: `.${suffix}` }],
  };
  if (g.connections !== undefined) b['connection_limit'] = g.connections;
  if (g.providerConnections !== undefined) b['provider_connection_limit'] = g.providerConnections;
  if (g.perConnection !== undefined) b['max_deliveries_per_connection'] = g.perConnection;
  if (g.rules.length > 0)
    b['automation'] = g.rules.flatMap((r) => {
      const regex = r.on.length === 1 ? patternRegex(r.on[0]!) : r.on.map(patternRegex);
      const pause = { regex, action: r.scope === 'site' ? 'SuspendTenant' : 'Suspend', duration: dur(r.pause) };
      if (r.slow === undefined) return [pause];
      const action = [
        { SetConfig: { name: 'max_message_rate', value: rate(r.slow.perHour, 3600, 1) } },
        { SetConfig: { name: 'connection_limit', value: r.slow.connections } },
      ];
      return [pause, { regex, action, duration: dur(r.slow.duration) }];
    });
  return b;
}

/**
 * A source's table in a provider block. A rate or connection limit over all the provider's sites is
 * the site's own option when the provider has one site (max_message_rate, connection_limit), and a
 * named limit shared by the source's paths to the provider otherwise
 * (additional_message_rate_throttles, additional_connection_limits).
 */
function sourceTable(l: StageLimit, kind: Ramp['kind'], g: RampGroup, source: string): Record<string, unknown> {
  const s: Record<string, unknown> = {};
  const shared = g.mxs.length > 1;
  const throttle =
    l.perHour !== undefined
      ? rate(l.perHour, 3600, kind === 'rate' ? 1 : Math.max(1, Math.ceil(l.perHour / 4)))
      : l.perDay !== undefined
        ? rate(l.perDay, 86400, kind === 'rate' ? 1 : Math.max(1, Math.ceil(l.perDay / 24)))
        : undefined;
  if (throttle !== undefined && kind === 'selection') s['provider_source_selection_rate'] = throttle;
  else if (throttle !== undefined && shared) s['additional_message_rate_throttles'] = { [`warmup-${g.provider}-${source}-rate`]: throttle };
  else if (throttle !== undefined) s['max_message_rate'] = throttle;
  const perSite = shared ? l.connections : Math.min(l.connections ?? Infinity, l.providerConnections ?? Infinity);
  if (perSite !== undefined && perSite !== Infinity) s['connection_limit'] = perSite;
  if (shared && l.providerConnections !== undefined)
    s['additional_connection_limits'] = { [`warmup-${g.provider}-${source}-connections`]: l.providerConnections };
  return s;
}

/** The shaping document of stage k. */
function kumoStage(r: Ramp, k: number): Record<string, unknown> {
  const provider: Record<string, Record<string, unknown>> = {};
  for (const g of r.groups) {
    const b = providerBlock(g);
    const sources: Record<string, unknown> = {};
    r.ips.forEach((ip, i) => {
      const l = r.stages[k]?.limits[ip]?.[g.provider];
      if (l !== undefined) sources[sourceName(i)] = sourceTable(l, r.kind, g, sourceName(i));
    });
    if (Object.keys(sources).length > 0) b['sources'] = sources;
    provider[g.provider] = b;
  }
  return { default: { connection_limit: r.defaults.connections }, provider };
}

function queues(r: Ramp): Record<string, unknown> {
  const q = (x: { interval: number; max: number; maxAge: number }) => ({
    retry_interval: dur(x.interval),
    ...(x.max > 0 ? { max_retry_interval: dur(x.max) } : {}),
    max_age: dur(x.maxAge),
  });
  const queue: Record<string, unknown> = { default: q(r.defaults.retry) };
  for (const g of r.groups) if (g.retry !== undefined) for (const d of g.domains) queue[d] = q(g.retry);
  return { queue };
}

function sourcesToml(ips: readonly { address: string; pool: string }[]): Record<string, unknown> {
  const source = Object.fromEntries(ips.map((ip, i) => [sourceName(i), { source_address: ip.address }]));
  const pool: Record<string, Record<string, unknown>> = {};
  ips.forEach((ip, i) => ((pool[ip.pool] ??= {})[sourceName(i)] = { weight: 1 }));
  return { source, pool };
}

export function kumoFromRamp(r: Ramp, pools: readonly { address: string; pool: string }[], header: readonly string[]): Exported {
  const n = r.stages.length;
  const files: Record<string, string> = {};
  const stageFiles: string[] = [];
  for (let k = 0; k < Math.max(1, n); k++) {
    const name = k === 0 ? 'shaping.toml' : stageName(k, n, 'stage-', '.toml');
    const caps = r.ips.map((ip, i) => {
      const l = r.stages[k]?.limits[ip];
      return l === undefined
        ? undefined
        : `${sourceName(i)} ${Object.entries(l)
            .map(([p, x]) => `${p} ${x.perHour !== undefined ? `${x.perHour}/h` : `${x.perDay}/day`}`)
            .join(', ')}`;
    });
    files[name] = writeToml(kumoStage(r, k), [
      ...header,
      `Stage ${k} of ${n - 1}: ${caps.filter(Boolean).join('; ') || 'no per-source caps'}.`,
      '',
    ]);
    if (k > 0) stageFiles.push(name);
  }
  files['queues.toml'] = writeToml(queues(r), [...header, 'Retry schedules (the queues helper, policy-extras.queue).', '']);
  files['sources.toml'] = writeToml(sourcesToml(pools), [
    ...header,
    'Egress sources and pools (the sources helper, policy-extras.sources).',
    '',
  ]);
  const entry: Record<string, unknown> = {
    name: 'kumomta-export',
    use: 'kumomta',
    shaping: 'shaping.toml',
    queues: 'queues.toml',
    sources: Object.fromEntries(r.ips.map((ip, i) => [sourceName(i), ip])),
  };
  if (stageFiles.length > 0)
    entry['stages'] =
      r.advance.kind === 'daily'
        ? { files: stageFiles, advance: 'daily' }
        : { files: stageFiles, advance: 'clean', clean_hours: r.advance.hours, clean_on: [...r.advance.on], per: r.advance.per };
  return { files, entry };
}
