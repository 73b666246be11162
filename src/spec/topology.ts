/**
 * The sending and receiving landscape as dense integer ids: IPs (with their /24 and pool),
 * pools, sending domains, providers, recipient domains and sites. A site is a queue key: with
 * `grouping: 'mx'` every recipient domain served by the same MX hosts shares one site, as
 * KumoMTA rolls domains up by MX set (site_name); with `grouping: 'domain'` each recipient domain
 * is its own site, as Postfix transports key on the recipient domain.
 */
import type { AudienceSpec, Scenario } from './scenario.ts';

/** A recipient domain a provider serves: its MX host set (the rollup key) and its share of the provider's recipients. */
export interface RecipientDomainSpec {
  readonly name: string;
  readonly mx: string;
  readonly weight: number;
}

/** What the topology needs of a provider plug-in (src/providers/): its name and its recipient domains. */
export interface ProviderDomains {
  readonly name: string;
  domains(audience: AudienceSpec): readonly RecipientDomainSpec[];
}

export interface Site {
  readonly name: string;
  readonly provider: number;
  readonly mx: string;
}

export interface RecipientDomain {
  readonly name: string;
  readonly provider: number;
  readonly site: number;
  /** Share of its provider's recipients. */
  readonly weight: number;
}

export interface Ip {
  readonly address: string;
  /** Dense id of the /24 the address belongs to. */
  readonly net: number;
  readonly pool: number;
  readonly weight: number;
}

export class Topology {
  readonly ips: readonly Ip[];
  readonly nets: readonly string[];
  readonly pools: readonly string[];
  /** IP ids per pool. */
  readonly poolIps: readonly (readonly number[])[];
  readonly domains: readonly string[];
  /** Provider names in id order. */
  readonly providers: readonly string[];
  readonly recipientDomains: readonly RecipientDomain[];
  readonly sites: readonly Site[];
  /** Recipient domain ids per provider. */
  readonly providerDomains: readonly (readonly number[])[];

  constructor(s: Scenario, providers: readonly ProviderDomains[]) {
    this.providers = providers.map((p) => p.name);
    const nets: string[] = [];
    const pools: string[] = [];
    const poolIps: number[][] = [];
    this.ips = s.ips.map((ip, i) => {
      const n = net24(ip.address);
      let net = nets.indexOf(n);
      if (net < 0) net = nets.push(n) - 1;
      let pool = pools.indexOf(ip.pool);
      if (pool < 0) {
        pool = pools.push(ip.pool) - 1;
        poolIps.push([]);
      }
      poolIps[pool]!.push(i);
      return { address: ip.address, net, pool, weight: ip.weight };
    });
    this.nets = nets;
    this.pools = pools;
    this.poolIps = poolIps;
    this.domains = s.domains.map((d) => d.name);

    const rds: RecipientDomain[] = [];
    const sites: Site[] = [];
    const siteIndex = new Map<string, number>();
    const siteFor = (key: string, provider: number, mx: string) => {
      let id = siteIndex.get(key);
      if (id === undefined) {
        id = sites.push({ name: key, provider, mx }) - 1;
        siteIndex.set(key, id);
      }
      return id;
    };
    providers.forEach((p, provider) => {
      for (const d of p.domains(s.audience)) {
        const key = s.mta.grouping === 'mx' ? d.mx : d.name;
        rds.push({ name: d.name, provider, site: siteFor(key, provider, d.mx), weight: d.weight });
      }
    });
    this.recipientDomains = rds;
    this.sites = sites;
    this.providerDomains = providers.map((_, p) => rds.flatMap((d, i) => (d.provider === p ? [i] : [])));
  }

  /** Pool id by name, or -1. */
  pool(name: string): number {
    return this.pools.indexOf(name);
  }

  /** Sending domain id by name, or -1. */
  domain(name: string): number {
    return this.domains.indexOf(name);
  }

  /** Path id of (IP, site). */
  path(ip: number, site: number): number {
    return ip * this.sites.length + site;
  }

  get pathCount(): number {
    return this.ips.length * this.sites.length;
  }
}

/** "192.0.2.17" -> "192.0.2"; IPv6 addresses key on their first three groups (a /48). */
function net24(address: string): string {
  if (address.includes(':')) return address.split(':').slice(0, 3).join(':');
  return address.split('.').slice(0, 3).join('.');
}
