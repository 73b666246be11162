/**
 * Which shaping blocks apply to one egress path (source x site), and the options they merge to,
 * in KumoMTA's order (crates/kumo-api-types/src/shaping.rs, get_egress_path_config): `default`,
 * then every matching provider block, then the matching providers' `sources.<source>`, then the
 * site block (domain blocks rolled up to the site's MX), then the domain blocks (`mx_rollup =
 * false`), then the site's `sources.<source>`, then the domains' `sources.<source>`; later wins.
 * A provider block matches when its `DomainSuffix` matches every domain of the site, or every MX
 * host matches one of its `MXSuffix` / `HostName` entries (the simulator knows one MX name per site).
 * Under the merged options: KumoMTA's code defaults (connection_limit 32, 1024 per connection).
 * A provider sources table's named limits (additional_connection_limits,
 * additional_message_rate_throttles; ./shaping.ts) tighten that source's provider limits: the
 * smallest connection limit, the throttle with the lowest hourly rate.
 */
import type { ThrottleSpec } from '../../spec/throttle.ts';
import { perHour } from '../../spec/throttle.ts';
import type { Block, PathOptions, ProviderBlock, Rule, Shaping } from './shaping.ts';

export interface SiteView {
  readonly name: string;
  readonly mx: string;
  readonly domains: readonly string[];
}

export interface PathConfig {
  connection_limit: number;
  max_message_rate: ThrottleSpec | undefined;
  max_deliveries_per_connection: number;
  /** source_selection_rate, or the tighter of it and the provider's provider_source_selection_rate. */
  source_selection_rate: ThrottleSpec | undefined;
}

export interface Resolved {
  readonly path: PathConfig;
  readonly providerConnections: number | undefined;
  readonly providerRate: ThrottleSpec | undefined;
}

const suffix = (s: string, x: string) => x === s.replace(/^\./, '') || x.endsWith(s.startsWith('.') ? s : `.${s}`);

/** Whether a provider block matches a site. */
function providerMatches(p: ProviderBlock, site: SiteView): boolean {
  return (
    p.mxSuffixes.some((s) => suffix(s, site.mx)) ||
    p.hostNames.some((h) => h === site.mx || suffix(h, site.mx)) ||
    p.domainSuffixes.some((s) => site.domains.length > 0 && site.domains.every((d) => suffix(s, d)))
  );
}

const domainBlocks = (sh: Shaping, site: SiteView, rollup: boolean) =>
  sh.domains.filter((d) => d.rollup === rollup && (d.name === site.name || site.domains.includes(d.name))).map((d) => d.block);

/** The blocks whose automation rules apply to a site, in KumoMTA's order: default, providers, site, domain. */
function blocksFor(sh: Shaping, site: SiteView): Block[] {
  return [
    sh.default,
    ...sh.providers.filter((p) => providerMatches(p, site)).map((p) => p.block),
    ...domainBlocks(sh, site, true),
    ...domainBlocks(sh, site, false),
  ];
}

/** The automation rules of a site (sources tables carry none). */
export function rulesFor(sh: Shaping, site: SiteView): Rule[] {
  return blocksFor(sh, site).flatMap((b) => b.automation);
}

/** The options of the path from `source` (a KumoMTA source name, or undefined for none) to `site`. */
export function resolvePath(sh: Shaping, site: SiteView, source: string | undefined): Resolved {
  const path: PathConfig = {
    connection_limit: 32,
    max_message_rate: undefined,
    max_deliveries_per_connection: 1024,
    source_selection_rate: undefined,
  };
  let providerConnections: number | undefined;
  let providerRate: ThrottleSpec | undefined;
  let providerSelection: ThrottleSpec | undefined;
  const apply = (o: PathOptions | undefined) => {
    if (o === undefined) return;
    if (o.connection_limit !== undefined) path.connection_limit = o.connection_limit;
    if (o.max_message_rate !== undefined) path.max_message_rate = o.max_message_rate;
    if (o.max_deliveries_per_connection !== undefined) path.max_deliveries_per_connection = o.max_deliveries_per_connection;
    if (o.source_selection_rate !== undefined) path.source_selection_rate = o.source_selection_rate;
    if (o.provider_source_selection_rate !== undefined) providerSelection = o.provider_source_selection_rate;
  };
  const at = (b: Block) => (source === undefined ? undefined : b.sources[source]);
  apply(sh.default);
  const providers = sh.providers.filter((p) => providerMatches(p, site)).map((p) => p.block);
  for (const b of providers) {
    apply(b);
    if (b.provider_connection_limit !== undefined) providerConnections = b.provider_connection_limit;
    if (b.provider_max_message_rate !== undefined) providerRate = b.provider_max_message_rate;
  }
  for (const b of providers) {
    const o = at(b);
    apply(o);
    // a named limit of the provider's sources table: one more cap on this source at the provider's sites together
    for (const n of Object.values(o?.additional_connection_limits ?? {})) providerConnections = Math.min(providerConnections ?? n, n);
    for (const t of Object.values(o?.additional_message_rate_throttles ?? {}))
      if (providerRate === undefined || perHour(t) < perHour(providerRate)) providerRate = t;
  }
  const sites = domainBlocks(sh, site, true);
  const domains = domainBlocks(sh, site, false);
  for (const b of [...sites, ...domains]) apply(b);
  for (const b of [...sites, ...domains]) apply(at(b));
  if (
    providerSelection !== undefined &&
    (path.source_selection_rate === undefined || perHour(providerSelection) < perHour(path.source_selection_rate))
  )
    path.source_selection_rate = providerSelection;
  return { path, providerConnections, providerRate };
}
