/**
 * The sending and receiving landscape as dense integer ids: IPs (with their /24 and pool),
 * pools, sending domains, providers, recipient domains and sites. A site is a queue key: with
 * `grouping: 'mx'` every recipient domain served by the same MX hosts shares one site, as
 * KumoMTA rolls domains up by MX set (site_name); with `grouping: 'domain'` each recipient domain
 * is its own site, as Postfix transports key on the recipient domain.
 */
import { PROVIDERS, type ProviderName, type Scenario } from './scenario.ts';

/** Recipient domains each provider serves, with their share of that provider's recipients, and the MX set. */
export const PROVIDER_DOMAINS: Readonly<Record<'microsoft' | 'gmail' | 'yahoo', { mx: string; domains: readonly [string, number][] }>> = {
  // Outlook.com consumer: every domain's MX is *.olc.protection.outlook.com (KumoMTA provider "outlook")
  microsoft: {
    mx: 'olc.protection.outlook.com',
    domains: [
      ['hotmail.com', 0.42], ['outlook.com', 0.3], ['live.com', 0.1], ['msn.com', 0.03], ['hotmail.co.uk', 0.04],
      ['hotmail.fr', 0.03], ['outlook.de', 0.02], ['live.co.uk', 0.02], ['hotmail.it', 0.02], ['windowslive.com', 0.02],
    ],
  },
  gmail: { mx: 'google.com', domains: [['gmail.com', 0.97], ['googlemail.com', 0.03]] },
  yahoo: {
    mx: 'yahoodns.net',
    domains: [['yahoo.com', 0.5], ['aol.com', 0.25], ['ymail.com', 0.05], ['yahoo.co.uk', 0.1], ['yahoo.fr', 0.08], ['rocketmail.com', 0.02]],
  },
};

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
  readonly providers: readonly ProviderName[] = PROVIDERS;
  readonly recipientDomains: readonly RecipientDomain[];
  readonly sites: readonly Site[];
  /** Recipient domain ids per provider. */
  readonly providerDomains: readonly (readonly number[])[];

  constructor(s: Scenario) {
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
    const add = (name: string, provider: ProviderName, mx: string, weight: number) => {
      const p = PROVIDERS.indexOf(provider);
      const key = s.mta.grouping === 'mx' ? mx : name;
      rds.push({ name, provider: p, site: siteFor(key, p, mx), weight });
    };
    for (const p of ['microsoft', 'gmail', 'yahoo'] as const) {
      for (const [name, w] of PROVIDER_DOMAINS[p].domains) add(name, p, PROVIDER_DOMAINS[p].mx, w);
    }
    const nCorp = Math.max(1, s.audience.corporateDomains);
    for (let i = 1; i <= nCorp; i++) {
      const name = `corp${String(i).padStart(3, '0')}.example`;
      add(name, 'corporate', `mx.${name}`, 1 / nCorp);
    }
    const nTen = Math.max(1, s.audience.m365Tenants);
    for (let i = 1; i <= nTen; i++) {
      const name = `tenant${String(i).padStart(3, '0')}.example`;
      add(name, 'm365', `${name.replace('.', '-')}.mail.protection.outlook.com`, 1 / nTen);
    }
    this.recipientDomains = rds;
    this.sites = sites;
    this.providerDomains = PROVIDERS.map((_, p) => rds.flatMap((d, i) => (d.provider === p ? [i] : [])));
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
export function net24(address: string): string {
  if (address.includes(':')) return address.split(':').slice(0, 3).join(':');
  return address.split('.').slice(0, 3).join('.');
}
