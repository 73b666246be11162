/**
 * The sender's MTA: scheduled and ready queues, source selection, connections, throttles,
 * attempts and retries, after KumoMTA's object model (docs/mta-behaviours.md 1.1-1.4).
 *
 * Queues. An injected or due-for-retry message gets a source (sending IP) from its stream's pool
 * by smooth weighted round-robin over the eligible sources (KumoMTA egress pool `weight`) and
 * joins that path's ready queue (path = IP x site). A source is eligible while its path is not
 * suspended and its selection throttle (`source_selection_rate`, slot 1) conforms; an exhausted
 * source is skipped and the next one takes the message ("overflow"). If the chosen source's ready
 * queue already holds `max_ready` (1024) messages, the message waits 30 s and is selected again
 * (KumoMTA delays it back to the scheduled queue). With no eligible source it waits in the site's
 * holding queue until one becomes eligible; the holding queue is FIFO per stream (a new or retried
 * message of a stream with held messages queues behind them), and pumps before the earliest time
 * a held message could get a source skip it. Suspending a path re-selects the messages in its
 * ready queue onto other sources (KumoMTA `reinsert_ready_queue`). After a 4xx the message waits
 * in the scheduled queue (one engine event at its next-attempt time).
 *
 * Connections. For each path the MTA keeps `ideal = ceil(limit * (1 - exp(-0.023 * q)))`
 * connections open (KumoMTA ready_queue.rs `ideal_connection_count`, q = the path's ready
 * messages). A connection takes `connectTime`, then runs transactions of `transactionTime`
 * each, one recipient per transaction, transactional messages first, until its path's
 * per-connection cap, an empty queue, a suspension, a 421 reply, or a throttle wait longer than
 * `idleTimeout` closes it. A refused connection blocks new ones on the path for 60 s. Every
 * transaction consumes the path's message-rate throttles when it starts.
 *
 * Replies. The policy sees every reply first (`onReply`), then the message's fate is settled: 250
 * delivered (reactions follow), 4xx retried at `policy.retryAt` (or expired), 5xx bounced (an
 * unknown user is suppressed). A queued message whose recipient has been suppressed meanwhile
 * (complaint, hard bounce) is dropped when it reaches the head of its queue, as a local bounce.
 */
import type { Simulation } from '../engine/simulation.ts';
import type { RandomStreams } from '../engine/random.ts';
import type { Audience } from '../audience/audience.ts';
import type { Reactions } from '../audience/reactions.ts';
import type { AttemptInfo, Receiver } from '../contracts/receiver.ts';
import { GIVE_UP, type MtaControl, type Policy } from '../contracts/policy.ts';
import type { Reply } from '../smtp/reply.ts';
import type { Observations } from '../contracts/observations.ts';
import type { MtaSpec, StreamSpec } from '../spec/scenario.ts';
import { CLASS_INDEX, type RunMetrics } from '../metrics/run-metrics.ts';
import type { ThrottleSpec } from '../spec/throttle.ts';
import { IntQueue } from './int-queue.ts';
import { MessageStore } from './messages.ts';
import { Shaping } from './shaping.ts';
import { SourceSelector } from './source-selector.ts';
import { ConnectionTable } from './connection-table.ts';
import { AttemptRecord, MessageRecord } from './records.ts';
import type { Topology } from '../spec/topology.ts';

const REFUSED_BACKOFF = 60;
/** KumoMTA `max_ready` default. */
const MAX_READY = 1024;
/** Wait before selecting again when the chosen source's ready queue is full. */
const FULL_RETRY = 30;

export interface MtaDeps {
  readonly sim: Simulation;
  readonly topo: Topology;
  readonly audience: Audience;
  readonly streams: readonly StreamSpec[];
  readonly receivers: readonly Receiver[];
  readonly policy: Policy;
  readonly metrics: RunMetrics;
  readonly random: RandomStreams;
  readonly spec: MtaSpec;
  readonly reactions: Reactions;
  /** Where replies go (to the policy). */
  readonly observations: Observations;
  /** Record every transaction start (time, path) for contract tests. */
  readonly audit?: boolean;
  /** Called after every attempt with its outcome (tests and traces; off the hot path when absent). */
  readonly onAttempt?: ((a: Readonly<AttemptInfo>, reply: Reply, path: number, now: number) => void) | undefined;
}

export class Mta implements MtaControl {
  readonly messages = new MessageStore();
  readonly shaping: Shaping;
  /** Ready queues, index path * nStreams + stream. */
  private readonly ready: IntQueue[];
  /** Ready messages per path. */
  private readonly readyByPath: Int32Array;
  /** Messages with no eligible source, index site * nStreams + stream. */
  private readonly hold: IntQueue[];
  private readonly heldBySite: Int32Array;
  /**
   * Per site: no held message can get a source before this time (the earliest `nextEligibleAt`
   * of the streams whose head found no source). Pumps before it skip the holding queue; a policy
   * change that can make a source eligible resets it.
   */
  private readonly heldRetryAt: Float64Array;
  private readonly sources: SourceSelector;
  /** Messages alive per provider (queued, scheduled or in a transaction). */
  readonly queuedByProvider: Float64Array;
  /** Stream ids in pull order: transactional first. */
  private readonly pullOrder: readonly number[];
  /** serves[ip * nStreams + stream]: the stream's pool contains the IP. */
  private readonly serves: Uint8Array;
  private readonly streamDomain: Int32Array;
  /** Site of each recipient domain, provider of each site, /24 of each IP (typed copies of the topology). */
  private readonly domainSite: Int32Array;
  private readonly siteProvider: Int32Array;
  private readonly ipNet: Int32Array;
  private maxAge = 7 * 86400;
  private readonly conn = new ConnectionTable();
  /** Idle connections per path. */
  private readonly idleByPath: number[][];
  // pump coalescing
  private readonly pumpPending: Uint8Array;
  private dirty: number[] = [];
  private flushPending = false;
  private readonly wakeAt: Float64Array;
  // reused objects (no allocation per attempt)
  private readonly info = new AttemptRecord();
  private readonly view = new MessageRecord();
  /** Flat [time, path, ...] of transaction starts when auditing. */
  readonly auditStarts: number[] | undefined;
  readonly ips: MtaControl['ips'];
  readonly sites: MtaControl['sites'];
  readonly providers: readonly string[];
  readonly streamsInfo: MtaControl['streams'];

  // the dependencies (MtaDeps), one field each
  private readonly sim: Simulation;
  private readonly topo: Topology;
  private readonly audience: Audience;
  private readonly streamSpecs: readonly StreamSpec[];
  private readonly receivers: readonly Receiver[];
  private readonly policy: Policy;
  private readonly metrics: RunMetrics;
  private readonly rng: RandomStreams;
  private readonly spec: MtaSpec;
  private readonly reactions: Reactions;
  private readonly observations: Observations;
  private readonly onAttempt: MtaDeps['onAttempt'];

  constructor(d: MtaDeps) {
    const { topo, streams } = d;
    this.sim = d.sim;
    this.topo = topo;
    this.audience = d.audience;
    this.streamSpecs = streams;
    this.receivers = d.receivers;
    this.policy = d.policy;
    this.metrics = d.metrics;
    this.rng = d.random;
    this.spec = d.spec;
    this.reactions = d.reactions;
    this.observations = d.observations;
    this.onAttempt = d.onAttempt;
    const nS = streams.length;
    this.shaping = new Shaping(topo.pathCount, topo.ips.length * topo.providers.length, topo.ips.length, d.audit === true);

    this.ready = Array.from({ length: topo.pathCount * nS }, () => new IntQueue(4));
    this.readyByPath = new Int32Array(topo.pathCount);
    this.hold = Array.from({ length: topo.sites.length * nS }, () => new IntQueue(4));
    this.heldBySite = new Int32Array(topo.sites.length);
    this.heldRetryAt = new Float64Array(topo.sites.length);

    this.queuedByProvider = new Float64Array(topo.providers.length);
    this.pullOrder = streams.map((_, i) => i).sort((a, b) => (streams[a]!.kind === 'transactional' ? 0 : 1) - (streams[b]!.kind === 'transactional' ? 0 : 1) || a - b);
    this.serves = new Uint8Array(topo.ips.length * nS);
    topo.ips.forEach((ip, i) => streams.forEach((s, k) => (this.serves[i * nS + k] = topo.pools[ip.pool] === s.pool ? 1 : 0)));
    const streamIps = streams.map((_, k) => Int32Array.from(topo.ips.flatMap((_, i) => (this.serves[i * nS + k] === 1 ? [i] : []))));
    this.sources = new SourceSelector(topo.ips.map((ip) => ip.weight), topo.sites.length, streamIps, this.shaping, this.readyByPath, MAX_READY, FULL_RETRY);
    this.streamDomain = Int32Array.from(streams, (s) => topo.domain(s.domain));
    this.domainSite = Int32Array.from(topo.recipientDomains, (d) => d.site);
    this.siteProvider = Int32Array.from(topo.sites, (s) => s.provider);
    this.ipNet = Int32Array.from(topo.ips, (x) => x.net);
    this.pumpPending = new Uint8Array(topo.sites.length);
    this.idleByPath = Array.from({ length: topo.pathCount }, () => []);
    this.wakeAt = new Float64Array(topo.sites.length).fill(Infinity);
    this.auditStarts = d.audit === true ? [] : undefined;
    this.ips = topo.ips.map((ip) => ({ address: ip.address, pool: topo.pools[ip.pool]! }));
    this.sites = topo.sites.map((s, i) => ({ name: s.name, provider: topo.providers[s.provider]!, mx: s.mx, domains: topo.recipientDomains.filter((d) => d.site === i).map((d) => d.name) }));
    this.providers = topo.providers;
    this.streamsInfo = streams.map((s) => ({ name: s.name, kind: s.kind, pool: s.pool }));
  }

  get streams(): MtaControl['streams'] {
    return this.streamsInfo;
  }

  // ---- MtaControl -------------------------------------------------------------------------
  path(ip: number, site: number): number {
    return this.topo.path(ip, site);
  }
  pathIp(path: number): number {
    return Math.floor(path / this.topo.sites.length);
  }
  pathSite(path: number): number {
    return path % this.topo.sites.length;
  }
  pathProvider(path: number): number {
    return this.siteProvider[this.pathSite(path)]!;
  }
  get pathCount(): number {
    return this.topo.pathCount;
  }
  setPathRate(path: number, spec: ThrottleSpec | undefined, slot: 0 | 1 = 0): void {
    this.shaping.setPathRate(path, slot, spec, this.sim.now, (this.auditStarts?.length ?? 0) / 2);
    if (slot === 1) this.heldRetryAt[this.pathSite(path)] = -Infinity;
  }
  setPathConnections(path: number, n: number): void {
    this.shaping.connLimit[path] = Math.max(0, Math.floor(n));
    this.requestPump(this.pathSite(path));
  }
  setPathPerConnection(path: number, n: number): void {
    this.shaping.perConn[path] = Math.max(1, Math.floor(n));
  }
  setProviderRate(ip: number, provider: number, spec: ThrottleSpec | undefined): void {
    this.shaping.setProviderRate(ip * this.topo.providers.length + provider, spec, this.sim.now, (this.auditStarts?.length ?? 0) / 2);
  }
  setProviderConnections(ip: number, provider: number, n: number): void {
    this.shaping.provConnLimit[ip * this.topo.providers.length + provider] = Math.max(0, Math.floor(n));
  }
  suspendPath(path: number, until: number): void {
    if (until <= this.shaping.suspendedUntil[path]!) return;
    this.shaping.suspendedUntil[path] = until;
    const site = this.pathSite(path);
    // KumoMTA reinsert_ready_queue: the path's ready messages go to other eligible sources (when
    // there is none they stay put: moving them to the holding queue and back changes nothing)
    const nS = this.streamSpecs.length;
    for (let s = 0; s < nS; s++) {
      const q = this.ready[path * nS + s]!;
      if (q.length === 0 || !this.sources.anyEligible(site, s, this.sim.now)) continue;
      for (let n = q.length; n > 0; n--) {
        this.readyByPath[path]!--;
        this.dispatch(q.shift());
      }
    }
    this.wake(site, until);
  }
  setIpSelectionRate(ip: number, spec: ThrottleSpec | undefined): void {
    this.shaping.setIpSelectionRate(ip, spec);
    this.heldRetryAt.fill(-Infinity);
  }
  setIpDailyCap(ip: number, n: number): void {
    this.shaping.ipDailyCap[ip] = n;
    this.heldRetryAt.fill(-Infinity);
  }
  selectedToday(ip: number): number {
    return this.shaping.selectedToday(ip, this.sim.now);
  }
  setIpWeight(ip: number, weight: number): void {
    this.sources.weights[ip] = Math.max(0, weight);
    this.heldRetryAt.fill(-Infinity);
  }
  requestDelist(ip: number, provider: number): void {
    this.receivers[provider]?.delist?.(ip, this.sim.now);
  }
  suspendedUntil(path: number): number {
    return this.shaping.suspendedUntil[path]!;
  }
  setMaxAge(seconds: number): void {
    this.maxAge = seconds;
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

  // ---- injection ------------------------------------------------------------------------------
  /** A new message for recipient `rcpt` on `stream`; `tag` keys its reaction draws. */
  inject(rcpt: number, stream: number, tag: number): void {
    const site = this.domainSite[this.audience.domain[rcpt]!]!;
    const provider = this.siteProvider[site]!;
    const now = this.sim.now;
    const m = this.messages.alloc(rcpt, stream, site, tag, now);
    this.metrics.recordInjected(now, provider, stream);
    this.queuedByProvider[provider]!++;
    this.dispatch(m);
  }

  /** Messages waiting in ready or holding queues (not scheduled, not in a transaction). */
  get readyCount(): number {
    let n = 0;
    for (let i = 0; i < this.readyByPath.length; i++) n += this.readyByPath[i]!;
    for (let i = 0; i < this.heldBySite.length; i++) n += this.heldBySite[i]!;
    return n;
  }

  /**
   * Sites whose held mail has no wake armed: held messages, a gate time in the future, and no wake
   * at or before it. Always 0 (a test invariant): held mail must not depend on unrelated activity
   * to be released.
   */
  heldWithoutWake(): number {
    const now = this.sim.now;
    let n = 0;
    for (let site = 0; site < this.heldBySite.length; site++) {
      const gate = this.heldRetryAt[site]!;
      if (this.heldBySite[site]! > 0 && gate > now && gate < Infinity && !(this.wakeAt[site]! <= gate)) n++;
    }
    return n;
  }

  // ---- source selection -----------------------------------------------------------------------
  /** Binds a message to a source and queues it on that path, or holds it when none is eligible. */
  private dispatch(m: number): void {
    const ms = this.messages;
    const site = ms.site[m]!;
    const stream = ms.stream[m]!;
    const nS = this.streamSpecs.length;
    const held = this.hold[site * nS + stream]!;
    if (held.length > 0) {
      // FIFO per stream: a new or retried message does not overtake the held ones (a wake is pending)
      held.push(m);
      this.heldBySite[site]!++;
      return;
    }
    const ip = this.sources.select(site, stream, this.sim.now);
    if (ip < 0) {
      held.push(m);
      this.heldBySite[site]!++;
      const t = this.sources.nextEligibleAt(site, stream, this.sim.now);
      if (t < this.heldRetryAt[site]! || this.heldBySite[site] === 1) this.heldRetryAt[site] = t;
      this.wake(site, t);
      return;
    }
    const path = ip * this.topo.sites.length + site;
    this.ready[path * nS + stream]!.push(m);
    this.readyByPath[path]!++;
    this.requestPump(site);
  }

  /**
   * Re-dispatches held messages of a site while sources are eligible, transactional streams first
   * (their priority over bulk); a held message past the maximum age expires when it reaches the head.
   */
  private releaseHeld(site: number): void {
    const nS = this.streamSpecs.length;
    let retryAt = Infinity;
    for (const s of this.pullOrder) {
      const q = this.hold[site * nS + s]!;
      while (q.length > 0) {
        if (this.sim.now - this.messages.injectedAt[q.peek()]! > this.maxAge) {
          // too old to send (as takeReady would find it): expire it here rather than hold it forever
          this.heldBySite[site]!--;
          this.finishExpired(q.shift(), this.sim.now);
          continue;
        }
        const ip = this.sources.select(site, s, this.sim.now);
        if (ip < 0) {
          const t = this.sources.nextEligibleAt(site, s, this.sim.now);
          if (t < retryAt) retryAt = t;
          this.wake(site, t);
          break;
        }
        const path = ip * this.topo.sites.length + site;
        const m = q.shift();
        this.heldBySite[site]!--;
        this.ready[path * nS + s]!.push(m);
        this.readyByPath[path]!++;
      }
    }
    this.heldRetryAt[site] = retryAt;
  }

  // ---- connections ------------------------------------------------------------------------------
  /** Marks the site for a pump; one engine event pumps every marked site at this instant. */
  private requestPump(site: number): void {
    if (this.pumpPending[site] === 0) {
      this.pumpPending[site] = 1;
      this.dirty.push(site);
      if (!this.flushPending) {
        this.flushPending = true;
        this.sim.after(0, this.onFlush);
      }
    }
  }

  private readonly onFlush = (): void => {
    this.flushPending = false;
    const sites = this.dirty;
    this.dirty = [];
    for (const site of sites) {
      this.pumpPending[site] = 0;
      this.pump(site);
    }
  };

  /** Make sure the site is pumped again at `t` (suspension end, connect backoff, held messages). */
  private wake(site: number, t: number): void {
    const now = this.sim.now;
    if (t === Infinity) return;
    if (t <= now) return this.requestPump(site);
    // a wake at or before t is pending (one at `now` has not fired yet: onWake clears wakeAt)
    if (this.wakeAt[site]! >= now && this.wakeAt[site]! <= t) return;
    this.wakeAt[site] = t;
    this.sim.at(t, this.onWake, site);
  }

  private readonly onWake = (site: number): void => {
    if (this.wakeAt[site] === this.sim.now) this.wakeAt[site] = Infinity;
    this.pump(site);
  };

  private pump(site: number): void {
    if (this.heldBySite[site]! > 0) {
      if (this.sim.now >= this.heldRetryAt[site]!) this.releaseHeld(site);
      else this.wake(site, this.heldRetryAt[site]!); // the wake that fired may have been an earlier one
    }
    const topo = this.topo;
    const sh = this.shaping;
    const now = this.sim.now;
    const nP = topo.providers.length;
    const provider = this.siteProvider[site]!;
    for (let ip = 0; ip < topo.ips.length; ip++) {
      const path = ip * topo.sites.length + site;
      const q = this.readyByPath[path]!;
      if (q === 0) continue;
      const blockedUntil = Math.max(sh.suspendedUntil[path]!, sh.nextConnectAt[path]!);
      if (blockedUntil > now) {
        this.wake(site, blockedUntil);
        continue;
      }
      let ideal = Math.ceil(sh.connLimit[path]! * (1 - Math.exp(-0.023 * q)));
      if (ideal > q) ideal = q;
      const idle = this.idleByPath[path]!;
      let busy = sh.conns[path]! - idle.length;
      while (idle.length > 0 && busy < ideal) {
        const c = idle.pop()!;
        this.conn.idle[c] = 0;
        busy++;
        this.sendNext(c);
      }
      const pk = ip * nP + provider;
      while (sh.conns[path]! < ideal && sh.provConns[pk]! < sh.provConnLimit[pk]!) this.openConnection(path, pk);
    }
  }

  private openConnection(path: number, pk: number): void {
    const c = this.conn.alloc(path);
    this.shaping.conns[path]!++;
    this.shaping.provConns[pk]!++;
    this.sim.after(this.spec.connectTime, this.onConnected, c);
  }

  private readonly onConnected = (c: number): void => {
    const path = this.conn.path[c]!;
    const ip = this.pathIp(path), site = this.pathSite(path);
    const provider = this.siteProvider[site]!;
    const now = this.sim.now;
    const refusal = this.receivers[provider]!.connect(ip, site, now);
    if (refusal !== undefined) {
      this.metrics.recordRefusal(now, provider, ip, CLASS_INDEX[refusal.cls]);
      this.observations.reply(path, refusal, now);
      this.shaping.nextConnectAt[path] = Math.max(this.shaping.nextConnectAt[path]!, now + REFUSED_BACKOFF);
      this.close(c);
      return;
    }
    this.conn.open[c] = 1;
    this.sendNext(c);
  };

  private readonly onResume = (c: number): void => this.sendNext(c);

  /**
   * The connection's next transaction: it starts now if the path's throttles allow (the reply is
   * settled at once), and the connection comes back after `transactionTime`, or later if the
   * throttle will not allow the next message by then. One engine event per transaction.
   */
  private sendNext(c: number): void {
    const path = this.conn.path[c]!;
    const sh = this.shaping;
    const now = this.sim.now;
    if (sh.suspendedUntil[path]! > now || this.conn.sent[c]! >= sh.perConn[path]! || sh.conns[path]! > sh.connLimit[path]!) {
      return this.close(c);
    }
    const site = this.pathSite(path);
    const pk = this.pathIp(path) * this.topo.providers.length + this.siteProvider[site]!;
    const w = sh.wait(path, pk, now);
    if (w > 0) {
      if (w > this.spec.idleTimeout) {
        sh.nextConnectAt[path] = Math.max(sh.nextConnectAt[path]!, now + w);
        return this.close(c);
      }
      this.sim.after(w, this.onResume, c);
      return;
    }
    const m = this.takeReady(path, now);
    if (m < 0) return this.park(c, path, now);
    sh.consume(path, pk, now);
    this.auditStarts?.push(now, path);
    this.conn.sent[c]!++;
    if (this.transact(m, path, now).code === 421) return this.close(c);
    const tx = this.spec.transactionTime;
    this.sim.after(tx + sh.wait(path, pk, now + tx), this.onResume, c);
  }

  /**
   * No work for the connection: it stays open and idle for `idleTimeout` (KumoMTA idle_timeout),
   * is reused by the next pump that needs a connection on its path, and closes when the timeout
   * passes unused. Idle connections count as open at the receiver, as real ones do.
   */
  private park(c: number, path: number, now: number): void {
    const timeout = this.spec.idleTimeout;
    if (!(timeout > 0)) return this.close(c);
    this.conn.idle[c] = 1;
    this.conn.idleUntil[c] = now + timeout;
    this.idleByPath[path]!.push(c);
    if (this.conn.check[c] === 0) {
      this.conn.check[c] = 1;
      this.sim.after(timeout, this.onIdleCheck, c);
    }
  }

  /** At most one pending check per connection: a connection parked again meanwhile is re-checked later. */
  private readonly onIdleCheck = (c: number): void => {
    this.conn.check[c] = 0;
    if (this.conn.idle[c] !== 1) return; // busy again
    const now = this.sim.now;
    if (now < this.conn.idleUntil[c]!) {
      this.conn.check[c] = 1;
      this.sim.at(this.conn.idleUntil[c]!, this.onIdleCheck, c);
      return;
    }
    this.close(c);
  };

  /** Next message of the path's ready queues (transactional first), expiring or dropping stale ones. */
  private takeReady(path: number, now: number): number {
    const nS = this.streamSpecs.length;
    for (const s of this.pullOrder) {
      const q = this.ready[path * nS + s]!;
      while (q.length > 0) {
        const m = q.shift();
        this.readyByPath[path]!--;
        if (now - this.messages.injectedAt[m]! > this.maxAge) {
          this.finishExpired(m, now);
          continue;
        }
        if (this.audience.isSuppressed(this.messages.rcpt[m]!)) {
          this.finishSuppressed(m, now);
          continue;
        }
        return m;
      }
    }
    return -1;
  }

  /** One SMTP transaction for message m on path: the receiver's reply, then the message's fate. */
  private transact(m: number, path: number, now: number): Reply {
    const ms = this.messages;
    const ip = this.pathIp(path), site = this.pathSite(path);
    const provider = this.siteProvider[site]!;
    const rcpt = ms.rcpt[m]!;
    const a = this.info;
    a.ip = ip;
    a.net = this.ipNet[ip]!;
    a.site = site;
    a.stream = ms.stream[m]!;
    a.sendDomain = this.streamDomain[a.stream]!;
    a.recipient = rcpt;
    a.unknownUser = this.audience.isUnknown(rcpt);
    a.trap = this.audience.isTrap(rcpt);
    a.attemptNo = ++ms.attempts[m]!;
    a.tag = ms.tag[m]!;
    ms.lastIp[m] = ip;
    const receiver = this.receivers[provider]!;
    const reply = receiver.attempt(a, now);
    this.onAttempt?.(a, reply, path, now);
    this.observations.reply(path, reply, now);
    this.settle(m, reply, path, provider, receiver.lastJunk, now);
    return reply;
  }

  private settle(m: number, reply: Reply, path: number, provider: number, junk: boolean, now: number): void {
    const ms = this.messages;
    const ip = this.pathIp(path);
    const stream = ms.stream[m]!;
    const cls = CLASS_INDEX[reply.cls];
    if (reply.code >= 200 && reply.code < 300) {
      this.metrics.recordReply(now, provider, ip, cls, 0);
      this.metrics.recordDelivered(now, provider, stream, now - ms.injectedAt[m]!);
      this.reactions.onDelivered(ms.tag[m]!, ms.rcpt[m]!, ip, this.streamDomain[stream]!, junk);
      this.finish(m, provider);
      return;
    }
    const resend = !reply.temporary && this.policy.resendRejected === true && reply.cls !== 'unknown-user';
    if (reply.temporary || resend) {
      this.metrics.recordReply(now, provider, ip, cls, reply.temporary ? 1 : 2);
      if (Number.isNaN(ms.firstFailAt[m]!)) ms.firstFailAt[m] = now;
      const v = this.view;
      v.attempts = ms.attempts[m]!;
      v.injectedAt = ms.injectedAt[m]!;
      v.firstFailAt = ms.firstFailAt[m]!;
      v.lastDelay = ms.lastDelay[m]!;
      v.stream = stream;
      v.provider = provider;
      v.site = ms.site[m]!;
      v.ip = ip;
      const at = this.policy.retryAt(v, reply, now);
      if (at === GIVE_UP || at - ms.injectedAt[m]! > this.maxAge) return this.finishExpired(m, now);
      ms.lastDelay[m] = at - now;
      this.sim.at(Math.max(at, now), this.onRetryDue, m);
      return;
    }
    this.metrics.recordReply(now, provider, ip, cls, 2);
    this.metrics.recordBounced(now, provider, stream);
    if (reply.cls === 'unknown-user') this.audience.suppress(ms.rcpt[m]!);
    this.finish(m, provider);
  }

  private readonly onRetryDue = (m: number): void => this.dispatch(m);

  private finishExpired(m: number, now: number): void {
    const provider = this.siteProvider[this.messages.site[m]!]!;
    this.metrics.recordExpired(now, provider, this.messages.stream[m]!);
    this.finish(m, provider);
  }

  /** A queued message whose recipient was suppressed meanwhile is dropped (a local bounce). */
  private finishSuppressed(m: number, now: number): void {
    const provider = this.siteProvider[this.messages.site[m]!]!;
    this.metrics.recordBounced(now, provider, this.messages.stream[m]!);
    this.finish(m, provider);
  }

  private finish(m: number, provider: number): void {
    this.queuedByProvider[provider]!--;
    this.messages.free(m);
  }

  private close(c: number): void {
    const path = this.conn.path[c]!;
    if (this.conn.idle[c] === 1) {
      this.conn.idle[c] = 0;
      const list = this.idleByPath[path]!;
      // remove in place, keeping the order (splice would allocate an array of the removed entry)
      const i = list.indexOf(c);
      if (i >= 0) {
        for (let k = i + 1; k < list.length; k++) list[k - 1] = list[k]!;
        list.pop();
      }
    }
    const ip = this.pathIp(path), site = this.pathSite(path);
    const provider = this.siteProvider[site]!;
    if (this.conn.open[c] === 1) this.receivers[provider]!.disconnect(ip, site, this.sim.now);
    this.shaping.conns[path]!--;
    this.shaping.provConns[ip * this.topo.providers.length + provider]!--;
    this.conn.release(c);
    this.requestPump(site);
    const next = Math.max(this.shaping.nextConnectAt[path]!, this.shaping.suspendedUntil[path]!);
    if (next > this.sim.now) this.wake(site, next);
  }

}
