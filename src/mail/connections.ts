/**
 * The MTA's SMTP connections, from connect to close. A connection takes `connectTime`; the
 * receiver may refuse it (a refusal is a reply: it reaches the policy and blocks new connections
 * on the path for 60 s). An open connection runs one transaction per `transactionTime`,
 * transactional messages first, until its path's per-connection cap, an empty queue, a suspension,
 * a 421, or a throttle wait longer than `idleTimeout`. With no work it stays open and idle for
 * `idleTimeout` (KumoMTA idle_timeout) for the next pump to reuse; idle connections count as open
 * at the receiver, as real ones do. Every transaction consumes the path's message-rate throttles
 * when it starts.
 */
import type { Simulation } from '../engine/simulation.ts';
import type { Receiver } from '../contracts/receiver.ts';
import type { Observations } from '../contracts/observations.ts';
import type { MtaSpec } from '../spec/scenario.ts';
import { CLASS_INDEX, type RunMetrics } from '../metrics/run-metrics.ts';
import { ConnectionTable } from './connection-table.ts';
import type { Paths } from './paths.ts';
import type { Queues } from './queues.ts';
import type { Shaping } from './shaping.ts';
import type { Transactions } from './transaction.ts';
import type { SiteWakes } from './wakes.ts';

/** No new connection on a path for this long after a refusal. */
const REFUSED_BACKOFF = 60;

export class Connections {
  private readonly table = new ConnectionTable();
  /** Idle connections per path. */
  private readonly idleByPath: number[][];

  constructor(
    private readonly sim: Simulation,
    private readonly paths: Paths,
    private readonly shaping: Shaping,
    private readonly queues: Queues,
    private readonly transactions: Transactions,
    private readonly wakes: SiteWakes,
    private readonly receivers: readonly Receiver[],
    private readonly observations: Observations,
    private readonly metrics: RunMetrics,
    private readonly spec: MtaSpec,
    /** Flat [time, path, ...] of transaction starts when auditing. */
    private readonly auditStarts: number[] | undefined,
  ) {
    this.idleByPath = Array.from({ length: paths.count }, () => []);
  }

  /** Connections on the path that are open and idle. */
  idleCount(path: number): number {
    return this.idleByPath[path]!.length;
  }

  /** Puts an idle connection of the path back to work. */
  reuseIdle(path: number): void {
    const c = this.idleByPath[path]!.pop()!;
    this.table.idle[c] = 0;
    this.sendNext(c);
  }

  /** Opens a new connection on the path (`pk`: its provider key). */
  open(path: number, pk: number): void {
    const c = this.table.alloc(path);
    this.shaping.conns[path]!++;
    this.shaping.provConns[pk]!++;
    this.metrics.recordConnections(this.sim.now, this.paths.provider(path), this.paths.ip(path), this.shaping.provConns[pk]!);
    this.sim.after(this.spec.connectTime, this.onConnected, c);
  }

  private readonly onConnected = (c: number): void => {
    const path = this.table.path[c]!;
    const ip = this.paths.ip(path),
      site = this.paths.site(path);
    const provider = this.paths.siteProvider[site]!;
    const now = this.sim.now;
    const refusal = this.receivers[provider]!.connect(ip, site, now);
    if (refusal !== undefined) {
      this.metrics.recordRefusal(now, provider, ip, CLASS_INDEX[refusal.cls]);
      this.observations.reply(path, refusal, now);
      this.transactions.traceRefusal(ip, site, this.table.serial[c]!, refusal, now);
      this.shaping.nextConnectAt[path] = Math.max(this.shaping.nextConnectAt[path]!, now + REFUSED_BACKOFF);
      this.close(c);
      return;
    }
    this.table.open[c] = 1;
    this.sendNext(c);
  };

  private readonly onResume = (c: number): void => this.sendNext(c);

  /**
   * The connection's next transaction: it starts now if the path's throttles allow (the reply is
   * settled at once), and the connection comes back after `transactionTime`, or later if the
   * throttle will not allow the next message by then. One engine event per transaction.
   */
  private sendNext(c: number): void {
    const path = this.table.path[c]!;
    const sh = this.shaping;
    const now = this.sim.now;
    if (sh.suspendedUntil[path]! > now || this.table.sent[c]! >= sh.perConn[path]! || sh.conns[path]! > sh.connLimit[path]!) {
      return this.close(c);
    }
    const pk = this.paths.providerKeyOf(path);
    const w = sh.wait(path, pk, now);
    if (w > 0) {
      if (w > this.spec.idleTimeout) {
        sh.nextConnectAt[path] = Math.max(sh.nextConnectAt[path]!, now + w);
        return this.close(c);
      }
      this.sim.after(w, this.onResume, c);
      return;
    }
    const m = this.queues.takeReady(path, now);
    if (m < 0) return this.park(c, path, now);
    sh.consume(path, pk, now);
    this.auditStarts?.push(now, path);
    this.table.sent[c]!++;
    if (this.transactions.transact(m, path, this.table.serial[c]!, now).code === 421) return this.close(c);
    const tx = this.spec.transactionTime;
    this.sim.after(tx + sh.wait(path, pk, now + tx), this.onResume, c);
  }

  /** No work: stays open and idle for `idleTimeout`, reused by the next pump that needs a connection on its path. */
  private park(c: number, path: number, now: number): void {
    const timeout = this.spec.idleTimeout;
    if (!(timeout > 0)) return this.close(c);
    this.table.idle[c] = 1;
    this.table.idleUntil[c] = now + timeout;
    this.idleByPath[path]!.push(c);
    if (this.table.check[c] === 0) {
      this.table.check[c] = 1;
      this.sim.after(timeout, this.onIdleCheck, c);
    }
  }

  /** At most one pending check per connection: a connection parked again meanwhile is re-checked later. */
  private readonly onIdleCheck = (c: number): void => {
    this.table.check[c] = 0;
    if (this.table.idle[c] !== 1) return; // busy again
    const now = this.sim.now;
    if (now < this.table.idleUntil[c]!) {
      this.table.check[c] = 1;
      this.sim.at(this.table.idleUntil[c]!, this.onIdleCheck, c);
      return;
    }
    this.close(c);
  };

  private close(c: number): void {
    const path = this.table.path[c]!;
    if (this.table.idle[c] === 1) {
      this.table.idle[c] = 0;
      const list = this.idleByPath[path]!;
      // remove in place, keeping the order (splice would allocate an array of the removed entry)
      const i = list.indexOf(c);
      if (i >= 0) {
        for (let k = i + 1; k < list.length; k++) list[k - 1] = list[k]!;
        list.pop();
      }
    }
    const ip = this.paths.ip(path),
      site = this.paths.site(path);
    const provider = this.paths.siteProvider[site]!;
    if (this.table.open[c] === 1) this.receivers[provider]!.disconnect(ip, site, this.sim.now);
    const pk = this.paths.providerKey(ip, provider);
    this.shaping.conns[path]!--;
    const wasFull = this.shaping.provConns[pk]!-- >= this.shaping.provConnLimit[pk]!;
    this.table.release(c);
    this.wakes.request(site);
    // a provider-wide connection limit was full: the provider's other sites with ready mail on this
    // IP may have waited for this slot (KumoMTA provider_connection_limit spans sites)
    if (wasFull)
      for (const s of this.paths.providerSites[provider]!)
        if (s !== site && this.queues.readyByPath[this.paths.path(ip, s)]! > 0) this.wakes.request(s);
    const next = Math.max(this.shaping.nextConnectAt[path]!, this.shaping.suspendedUntil[path]!);
    if (next > this.sim.now) this.wakes.at(site, next);
  }
}
