/**
 * Where waiting messages are: a ready queue per (path, stream), bound to a source, and a holding
 * queue per (site, stream) for messages no source could take (KumoMTA's scheduled queue).
 *
 * Dispatch gives a message a source by the pool's smooth weighted round-robin (./source-selector.ts)
 * and puts it on that path's ready queue; with no eligible source it is held. The holding queue is
 * FIFO per stream: a new or retried message of a stream with held messages queues behind them.
 * Each site has a gate, the earliest time a held message could get a source; pumps before it skip
 * the holding queue, and anything that can make a source eligible opens the gates
 * ({@link openGates}). Messages leave a ready queue transactional streams first; on the way out a
 * message past the maximum age expires and one whose recipient was suppressed is dropped.
 */
import type { Simulation } from '../engine/simulation.ts';
import type { Audience } from '../audience/audience.ts';
import { IntQueue } from './int-queue.ts';
import type { MessageStore } from './messages.ts';
import type { Ledger } from './ledger.ts';
import type { Paths } from './paths.ts';
import type { SourceSelector } from './source-selector.ts';
import type { SiteWakes } from './wakes.ts';

export class Queues {
  /** Ready queues, index path * nStreams + stream. */
  private readonly ready: IntQueue[];
  /** Ready messages per path (the source selector reads it live: a full path is not eligible). */
  readonly readyByPath: Int32Array;
  /** Held messages, index site * nStreams + stream. */
  private readonly hold: IntQueue[];
  private readonly heldBySite: Int32Array;
  /** Per site: no held message can get a source before this time. */
  private readonly heldRetryAt: Float64Array;
  private sources!: SourceSelector;
  /** Sites taking part in the current release round (a scratch list); the site served first next round. */
  private readonly releasing: Int32Array;
  private releaseStart = 0;
  /** Per path: the bulk stream (index among bulk streams) whose turn is next. */
  private readonly bulkTurn: Int32Array;
  /** Per site: the bulk stream whose held mail is released next. */
  private readonly heldTurn: Int32Array;

  constructor(
    private readonly paths: Paths,
    private readonly nStreams: number,
    /** Stream ids in pull order: transactional first. */
    private readonly pullOrder: readonly number[],
    /** How many of them are transactional. */
    private readonly nTransactional: number,
    private readonly messages: MessageStore,
    private readonly ledger: Ledger,
    private readonly audience: Audience,
    private readonly wakes: SiteWakes,
    private readonly sim: Simulation,
  ) {
    this.ready = Array.from({ length: paths.count * nStreams }, () => new IntQueue(4));
    this.readyByPath = new Int32Array(paths.count);
    this.hold = Array.from({ length: paths.nSites * nStreams }, () => new IntQueue(4));
    this.heldBySite = new Int32Array(paths.nSites);
    this.heldRetryAt = new Float64Array(paths.nSites);
    this.releasing = new Int32Array(paths.nSites);
    this.bulkTurn = new Int32Array(paths.count);
    this.heldTurn = new Int32Array(paths.nSites);
  }

  /** The selector reads {@link readyByPath}, so it is built after the queues and handed back. */
  useSources(sources: SourceSelector): void {
    this.sources = sources;
  }

  /** Binds a message to a source and queues it on that path, or holds it when none is eligible. */
  dispatch(m: number): void {
    const site = this.messages.site[m]!;
    const stream = this.messages.stream[m]!;
    const held = this.hold[site * this.nStreams + stream]!;
    if (held.length > 0) {
      // FIFO per stream: a new or retried message does not overtake the held ones (a wake is pending)
      held.push(m);
      this.heldBySite[site]!++;
      return;
    }
    const now = this.sim.now;
    const ip = this.sources.select(site, stream, now);
    if (ip < 0) {
      held.push(m);
      this.heldBySite[site]!++;
      const t = this.sources.nextEligibleAt(site, stream, now);
      if (t < this.heldRetryAt[site]! || this.heldBySite[site] === 1) this.heldRetryAt[site] = t;
      this.wakes.at(site, t);
      return;
    }
    this.pushReady(this.paths.path(ip, site), stream, m);
    this.wakes.request(site);
  }

  /** The held part of a pump: release held mail when a gate is open, else keep a wake at the site's gate. */
  pumpHeld(site: number): void {
    if (this.heldBySite[site]! === 0) return;
    if (this.sim.now >= this.heldRetryAt[site]!) this.releaseHeld();
    else this.wakes.at(site, this.heldRetryAt[site]!); // the wake that fired may have been an earlier one
  }

  /**
   * Re-dispatches held messages while sources are eligible, one message per site in turn (sites
   * whose gate is open, starting after the site served first last time), so sites that share an
   * IP-wide cap share it fairly as KumoMTA's ready queues do, instead of the first site pumped
   * taking the whole budget. Within a site, transactional streams first; a held message past the
   * maximum age expires when it reaches the head. Each site that got mail is pumped.
   */
  private releaseHeld(): void {
    const now = this.sim.now;
    const n = this.paths.nSites;
    const start = this.releaseStart;
    this.releaseStart = (start + 1) % n;
    // the sites taking part, in serving order; a site leaves the round list once its gate is set
    const order = this.releasing;
    let m = 0;
    for (let j = 0; j < n; j++) {
      const site = (start + j) % n;
      if (this.heldBySite[site]! > 0 && now >= this.heldRetryAt[site]!) order[m++] = site;
    }
    for (let i = 0; i < m; i++) this.heldRetryAt[order[i]!] = Infinity;
    while (m > 0) {
      let kept = 0;
      for (let i = 0; i < m; i++) {
        const site = order[i]!;
        if (this.releaseOne(site, now)) {
          order[kept++] = site;
          this.wakes.request(site);
        }
      }
      m = kept;
    }
  }

  /**
   * Releases (or expires) one held message of the site; false when none can go now (the site's
   * gate is set). Transactional streams first, then the bulk streams in turn (as in takeReady).
   */
  private releaseOne(site: number, now: number): boolean {
    for (let j = 0; j < this.nTransactional; j++) if (this.releaseFrom(site, this.pullOrder[j]!, now)) return true;
    const nBulk = this.pullOrder.length - this.nTransactional;
    const start = this.heldTurn[site]!;
    for (let j = 0; j < nBulk; j++) {
      const b = (start + j) % nBulk;
      if (this.releaseFrom(site, this.pullOrder[this.nTransactional + b]!, now)) {
        this.heldTurn[site] = (b + 1) % nBulk;
        return true;
      }
    }
    return false;
  }

  /** Releases the head of one held stream of the site (expiring stale heads); false when it cannot go now. */
  private releaseFrom(site: number, s: number, now: number): boolean {
    const q = this.hold[site * this.nStreams + s]!;
    while (q.length > 0) {
      if (this.ledger.tooOld(q.peek(), now)) {
        // too old to send (as takeReady would find it): expire it here rather than hold it forever
        this.heldBySite[site]!--;
        this.ledger.expired(q.shift(), now);
        continue;
      }
      const ip = this.sources.select(site, s, now);
      if (ip < 0) {
        const t = this.sources.nextEligibleAt(site, s, now);
        if (t < this.heldRetryAt[site]!) this.heldRetryAt[site] = t;
        this.wakes.at(site, t);
        return false;
      }
      const m = q.shift();
      this.heldBySite[site]!--;
      this.pushReady(this.paths.path(ip, site), s, m);
      return true;
    }
    return false;
  }

  private pushReady(path: number, stream: number, m: number): void {
    this.ready[path * this.nStreams + stream]!.push(m);
    this.readyByPath[path]!++;
  }

  /**
   * Next message of the path's ready queues, expiring or dropping stale ones; -1 if none.
   * Transactional streams go first; bulk streams take turns (round-robin per path), as one ready
   * queue fed by several campaigns is served in arrival order, not campaign by campaign.
   */
  takeReady(path: number, now: number): number {
    for (let j = 0; j < this.nTransactional; j++) {
      const m = this.takeFrom(path, this.pullOrder[j]!, now);
      if (m >= 0) return m;
    }
    const nBulk = this.pullOrder.length - this.nTransactional;
    const start = this.bulkTurn[path]!;
    for (let j = 0; j < nBulk; j++) {
      const b = (start + j) % nBulk;
      const m = this.takeFrom(path, this.pullOrder[this.nTransactional + b]!, now);
      if (m >= 0) {
        this.bulkTurn[path] = (b + 1) % nBulk;
        return m;
      }
    }
    return -1;
  }

  private takeFrom(path: number, s: number, now: number): number {
    const q = this.ready[path * this.nStreams + s]!;
    while (q.length > 0) {
      const m = q.shift();
      this.readyByPath[path]!--;
      if (this.ledger.tooOld(m, now)) {
        this.ledger.expired(m, now);
        continue;
      }
      if (this.audience.isSuppressed(this.messages.rcpt[m]!)) {
        this.ledger.suppressed(m, now);
        continue;
      }
      return m;
    }
    return -1;
  }

  /**
   * A path was suspended (KumoMTA reinsert_ready_queue): its ready messages go to other eligible
   * sources; when there is none they stay put (moving them to the holding queue and back changes nothing).
   */
  reselect(path: number): void {
    const site = this.paths.site(path);
    const now = this.sim.now;
    for (let s = 0; s < this.nStreams; s++) {
      const q = this.ready[path * this.nStreams + s]!;
      if (q.length === 0 || !this.sources.anyEligible(site, s, now)) continue;
      for (let n = q.length; n > 0; n--) {
        this.readyByPath[path]!--;
        this.dispatch(q.shift());
      }
    }
  }

  /** Something may have made a source eligible (weights, selection rates, daily caps): held mail is tried at the next pump. */
  openGates(site?: number): void {
    if (site === undefined) this.heldRetryAt.fill(-Infinity);
    else this.heldRetryAt[site] = -Infinity;
  }

  /** Messages waiting in ready or holding queues (not scheduled, not in a transaction). */
  get count(): number {
    let n = 0;
    for (let i = 0; i < this.readyByPath.length; i++) n += this.readyByPath[i]!;
    for (let i = 0; i < this.heldBySite.length; i++) n += this.heldBySite[i]!;
    return n;
  }

  /**
   * Sites whose held mail has no wake armed: held messages, a gate in the future, and no wake at
   * or before it. Always 0 (a test invariant): held mail must not depend on unrelated activity.
   */
  heldWithoutWake(wakeAt: Float64Array): number {
    const now = this.sim.now;
    let n = 0;
    for (let site = 0; site < this.heldBySite.length; site++) {
      const gate = this.heldRetryAt[site]!;
      if (this.heldBySite[site]! > 0 && gate > now && gate < Infinity && !(wakeAt[site]! <= gate)) n++;
    }
    return n;
  }
}
