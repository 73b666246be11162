/**
 * Path and key arithmetic of the MTA, in one place: a path is (sending IP, site) with id
 * `ip * sites + site` (the topology's numbering), a provider key is (IP, provider) with id
 * `ip * providers + provider` (the key of provider-wide limits, KumoMTA
 * `shaping-provider-{provider}-{source}`). Typed copies of the topology's lookups for the hot path.
 */
import type { Topology } from '../spec/topology.ts';

export class Paths {
  readonly nIps: number;
  readonly nSites: number;
  readonly nProviders: number;
  readonly count: number;
  /** Provider of each site, site of each recipient domain, /24 of each IP. */
  readonly siteProvider: Int32Array;
  readonly domainSite: Int32Array;
  readonly ipNet: Int32Array;
  /** Site ids of each provider. */
  readonly providerSites: readonly Int32Array[];

  constructor(topo: Topology) {
    this.nIps = topo.ips.length;
    this.nSites = topo.sites.length;
    this.nProviders = topo.providers.length;
    this.count = topo.pathCount;
    this.siteProvider = Int32Array.from(topo.sites, (s) => s.provider);
    this.domainSite = Int32Array.from(topo.recipientDomains, (d) => d.site);
    this.ipNet = Int32Array.from(topo.ips, (x) => x.net);
    this.providerSites = topo.providers.map((_, p) => Int32Array.from(topo.sites.flatMap((s, i) => (s.provider === p ? [i] : []))));
  }

  path(ip: number, site: number): number {
    return ip * this.nSites + site;
  }
  ip(path: number): number {
    return Math.floor(path / this.nSites);
  }
  site(path: number): number {
    return path % this.nSites;
  }
  provider(path: number): number {
    return this.siteProvider[path % this.nSites]!;
  }
  /** Provider key of (IP, provider). */
  providerKey(ip: number, provider: number): number {
    return ip * this.nProviders + provider;
  }
  /** Provider key of a path's IP and its site's provider. */
  providerKeyOf(path: number): number {
    return this.ip(path) * this.nProviders + this.provider(path);
  }
}
