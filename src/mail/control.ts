/**
 * The MTA as a policy drives it ({@link MtaControl}): limits and suspensions per path, provider
 * and IP, like KumoMTA's SetConfig and Suspend. Each setter also does what its change implies: a
 * change that can make a source eligible (selection rate, weight, daily cap) opens the holding
 * queues' gates; a new connection limit pumps the site; a suspension moves the path's ready mail
 * to other sources and wakes the site when it ends.
 */
import type { Simulation } from '../engine/simulation.ts';
import type { RandomStreams } from '../engine/random.ts';
import type { Receiver } from '../contracts/receiver.ts';
import type { MtaControl } from '../contracts/policy.ts';
import type { ThrottleSpec } from '../spec/throttle.ts';
import type { StreamSpec } from '../spec/scenario.ts';
import type { Topology } from '../spec/topology.ts';
import type { Ledger } from './ledger.ts';
import type { Transactions } from './transaction.ts';
import type { Paths } from './paths.ts';
import type { Queues } from './queues.ts';
import type { Shaping } from './shaping.ts';
import type { SourceSelector } from './source-selector.ts';
import type { SiteWakes } from './wakes.ts';

export class Control implements MtaControl {
  readonly ips: MtaControl['ips'];
  readonly sites: MtaControl['sites'];
  readonly providers: readonly string[];
  readonly streams: MtaControl['streams'];

  constructor(
    topo: Topology,
    streams: readonly StreamSpec[],
    private readonly sim: Simulation,
    private readonly paths: Paths,
    private readonly shaping: Shaping,
    private readonly sources: SourceSelector,
    private readonly queues: Queues,
    private readonly wakes: SiteWakes,
    private readonly ledger: Ledger,
    private readonly transactions: Transactions,
    private readonly receivers: readonly Receiver[],
    private readonly rng: RandomStreams,
    /** Transaction starts recorded so far (orders throttle changes and starts at one instant in audits). */
    private readonly startsSoFar: () => number,
  ) {
    this.ips = topo.ips.map((ip) => ({ address: ip.address, pool: topo.pools[ip.pool]! }));
    this.sites = topo.sites.map((s, i) => ({
      name: s.name,
      provider: topo.providers[s.provider]!,
      mx: s.mx,
      domains: topo.recipientDomains.filter((d) => d.site === i).map((d) => d.name),
    }));
    this.providers = topo.providers;
    this.streams = streams.map((s) => ({ name: s.name, kind: s.kind, pool: s.pool }));
  }

  path(ip: number, site: number): number {
    return this.paths.path(ip, site);
  }
  pathIp(path: number): number {
    return this.paths.ip(path);
  }
  pathSite(path: number): number {
    return this.paths.site(path);
  }
  pathProvider(path: number): number {
    return this.paths.provider(path);
  }
  get pathCount(): number {
    return this.paths.count;
  }
  setPathRate(path: number, spec: ThrottleSpec | undefined, slot: 0 | 1 = 0): void {
    this.shaping.setPathRate(path, slot, spec, this.sim.now, this.startsSoFar());
    if (slot === 1) this.queues.openGates(this.paths.site(path));
  }
  setPathConnections(path: number, n: number): void {
    this.shaping.connLimit[path] = Math.max(0, Math.floor(n));
    this.wakes.request(this.paths.site(path));
  }
  setPathPerConnection(path: number, n: number): void {
    this.shaping.perConn[path] = Math.max(1, Math.floor(n));
  }
  setProviderRate(ip: number, provider: number, spec: ThrottleSpec | undefined): void {
    this.shaping.setProviderRate(this.paths.providerKey(ip, provider), spec, this.sim.now, this.startsSoFar());
  }
  setProviderConnections(ip: number, provider: number, n: number): void {
    const k = this.paths.providerKey(ip, provider);
    const before = this.shaping.provConnLimit[k]!;
    this.shaping.provConnLimit[k] = Math.max(0, Math.floor(n));
    // a higher limit may let the provider's sites open connections they were waiting for
    if (this.shaping.provConnLimit[k]! > before) for (const site of this.paths.providerSites[provider]!) this.wakes.request(site);
  }
  suspendPath(path: number, until: number): void {
    if (until <= this.shaping.suspendedUntil[path]!) return;
    this.shaping.suspendedUntil[path] = until;
    this.queues.reselect(path);
    this.wakes.at(this.paths.site(path), until);
  }
  setIpSelectionRate(ip: number, spec: ThrottleSpec | undefined): void {
    this.shaping.setIpSelectionRate(ip, spec);
    this.queues.openGates();
  }
  setIpDailyCap(ip: number, n: number, paced = false): void {
    this.shaping.setIpDailyCap(ip, n, paced);
    this.queues.openGates();
  }
  selectedToday(ip: number): number {
    return this.shaping.selectedToday(ip, this.sim.now);
  }
  firstAttemptsOn(ip: number, day: number): number {
    return this.transactions.firstAttemptsOn(ip, day);
  }
  setIpWeight(ip: number, weight: number): void {
    this.sources.weights[ip] = Math.max(0, weight);
    this.queues.openGates();
  }
  requestDelist(ip: number, provider: number): void {
    this.receivers[provider]?.delist?.(ip, this.sim.now);
  }
  suspendedUntil(path: number): number {
    return this.shaping.suspendedUntil[path]!;
  }
  setMaxAge(seconds: number): void {
    this.ledger.maxAge = seconds;
  }
  random(name: string) {
    return this.rng.get(`policy/${name}`);
  }
  get now(): number {
    return this.sim.now;
  }
  at(time: number, fn: () => void): void {
    this.sim.at(Math.max(time, this.sim.now), fn);
  }
}
