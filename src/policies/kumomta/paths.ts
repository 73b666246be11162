/**
 * The kumomta policy's egress paths: each path's options merged from the shaping document for its
 * source and site (./merge.ts), the provider limits per source, TSA's timed overrides on top
 * (SetConfig, later expiry wins) and its actions (./tsa.ts). `use` swaps in another shaping
 * document (a warm-up stage) and re-applies every path, keeping the overrides still in force.
 */
import type { MtaControl } from '../../contracts/policy.ts';
import type { Reply } from '../../smtp/reply.ts';
import { parseThrottle, type ThrottleSpec } from '../../spec/throttle.ts';
import { resolvePath, rulesFor, type PathConfig } from './merge.ts';
import type { Action, Rule, Shaping } from './shaping.ts';
import { Tsa } from './tsa.ts';

/** The MTA's "no limit" for provider connections. */
const UNLIMITED = 1_000_000;

export class KumoPaths {
  readonly stats = { suspensions: 0, setConfigs: 0 };
  private base: PathConfig[] = [];
  private readonly overrides: Map<string, { value: number | string; until: number }>[] = [];
  private tsa!: Tsa;
  private firedBefore = 0;
  private provConn = new Map<number, number>();
  private provRate = new Map<number, ThrottleSpec | undefined>();

  constructor(
    private readonly mta: MtaControl,
    shaping: Shaping,
    private readonly sourceName: (ip: number) => string,
    private readonly window: 'duration' | 'period',
  ) {
    for (let path = 0; path < mta.pathCount; path++) this.overrides.push(new Map());
    this.use(shaping, 0);
  }

  get firings(): number {
    return this.firedBefore + this.tsa.firings;
  }

  /**
   * Applies a shaping document to every path (setup, and each warm-up stage), or to the paths of
   * one IP only (a stage rolled per source; the automation rules then stay those in force).
   */
  use(shaping: Shaping, now: number, onlyIp?: number): void {
    const m = this.mta;
    if (onlyIp === undefined) {
      if (this.tsa !== undefined) this.firedBefore += this.tsa.firings;
      const rules: Rule[] = [];
      const index = new Map<Rule, number>();
      const bySite = m.sites.map((site) =>
        rulesFor(shaping, site).map((r) => {
          if (!index.has(r)) index.set(r, rules.push(r) - 1);
          return index.get(r)!;
        }),
      );
      this.tsa = new Tsa(rules, bySite, this.window, (path, a, until) => this.fire(path, a, until));
    }
    const provConn = new Map(this.provConn);
    const provRate = new Map(this.provRate);
    for (let ip = 0; ip < m.ips.length; ip++) {
      if (onlyIp !== undefined && ip !== onlyIp) continue;
      for (let prov = 0; prov < m.providers.length; prov++) {
        provConn.delete(ip * m.providers.length + prov);
        provRate.delete(ip * m.providers.length + prov);
      }
    }
    for (let path = 0; path < m.pathCount; path++) {
      const ip = m.pathIp(path);
      if (onlyIp !== undefined && ip !== onlyIp) continue;
      const r = resolvePath(shaping, m.sites[m.pathSite(path)]!, this.sourceName(ip));
      this.base[path] = r.path;
      const key = ip * m.providers.length + m.pathProvider(path);
      if (r.providerConnections !== undefined) provConn.set(key, r.providerConnections);
      if (r.providerRate !== undefined) provRate.set(key, r.providerRate);
      this.apply(path, now);
    }
    // set only what changes (the MTA starts unlimited), so a document without provider limits touches none
    for (let ip = 0; ip < m.ips.length; ip++)
      for (let prov = 0; prov < m.providers.length; prov++) {
        const key = ip * m.providers.length + prov;
        const conn = provConn.get(key) ?? UNLIMITED;
        if (conn !== (this.provConn.get(key) ?? UNLIMITED)) m.setProviderConnections(ip, prov, conn);
        const rate = provRate.get(key);
        if (JSON.stringify(rate) !== JSON.stringify(this.provRate.get(key))) m.setProviderRate(ip, prov, rate);
      }
    this.provConn = provConn;
    this.provRate = provRate;
  }

  onReply(path: number, reply: Reply, now: number): void {
    this.tsa.onReply(path, this.mta.pathSite(path), reply, now);
  }

  private effective(path: number, now: number): PathConfig {
    const c = { ...this.base[path]! };
    for (const [name, o] of this.overrides[path]!) {
      if (o.until <= now) continue;
      if (name === 'connection_limit') c.connection_limit = Number(o.value);
      else if (name === 'max_deliveries_per_connection') c.max_deliveries_per_connection = Number(o.value);
      else if (name === 'max_message_rate' || name === 'source_selection_rate') {
        const t = parseThrottle(String(o.value));
        if (typeof t !== 'string') c[name] = t;
      }
    }
    return c;
  }

  private apply(path: number, now: number): void {
    const c = this.effective(path, now);
    this.mta.setPathConnections(path, c.connection_limit);
    this.mta.setPathRate(path, c.max_message_rate, 0);
    this.mta.setPathRate(path, c.source_selection_rate, 1);
    this.mta.setPathPerConnection(path, c.max_deliveries_per_connection);
  }

  private fire(path: number, a: Action, until: number): void {
    const m = this.mta;
    if (a.kind === 'Suspend') {
      this.stats.suspensions++;
      m.suspendPath(path, until);
    } else if (a.kind === 'SuspendTenant' || a.kind === 'SuspendCampaign') {
      const site = m.pathSite(path);
      for (let ip = 0; ip < m.ips.length; ip++) m.suspendPath(m.path(ip, site), until);
    } else if (a.kind === 'SetConfig') {
      this.stats.setConfigs++;
      const o = this.overrides[path]!;
      const prev = o.get(a.name);
      o.set(a.name, { value: a.value, until: Math.max(until, prev?.until ?? 0) });
      this.apply(path, m.now);
      m.at(until, () => this.apply(path, m.now));
    }
  }
}
