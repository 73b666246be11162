/**
 * The sender's MTA, after KumoMTA's object model (scheduled and ready queues, egress sources in
 * weighted pools, per-path shaping, Traffic Shaping Automation acting through SetConfig and
 * Suspend): this file wires its parts, one idea each.
 *
 * - ./paths.ts: path = (sending IP, site) and provider-key arithmetic;
 * - ./queues.ts: ready queues per path, holding queues per site, dispatch to a source
 *   (./source-selector.ts: smooth weighted round-robin with overflow);
 * - ./wakes.ts and ./site-pump.ts: when a site is pumped, and a pump bringing each path's
 *   connections to KumoMTA's ideal count;
 * - ./connections.ts: connect, transactions on a connection, idle reuse, close;
 * - ./transaction.ts: one attempt, its reply through the observation seam, the message's fate;
 * - ./ledger.ts: injected = delivered + bounced + expired + live, the maximum age;
 * - ./control.ts: the {@link MtaControl} a policy drives;
 * - ./shaping.ts: the limits and their live state.
 */
import type { Simulation } from '../engine/simulation.ts';
import type { RandomStreams } from '../engine/random.ts';
import type { Audience } from '../audience/audience.ts';
import type { Reactions } from '../audience/reactions.ts';
import type { Receiver } from '../contracts/receiver.ts';
import type { Policy } from '../contracts/policy.ts';
import type { Observations } from '../contracts/observations.ts';
import type { MtaSpec, StreamSpec } from '../spec/scenario.ts';
import type { Topology } from '../spec/topology.ts';
import type { RunMetrics } from '../metrics/run-metrics.ts';
import { MessageStore } from './messages.ts';
import { Shaping } from './shaping.ts';
import { SourceSelector } from './source-selector.ts';
import { Paths } from './paths.ts';
import { Ledger } from './ledger.ts';
import { SiteWakes } from './wakes.ts';
import { Queues } from './queues.ts';
import { Transactions, type AttemptTap, type TraceTap } from './transaction.ts';
import { Connections } from './connections.ts';
import { SitePump } from './site-pump.ts';
import { Control } from './control.ts';

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
  /** Called after every attempt with its reply, before its fate is settled (tests; off the hot path when absent). */
  readonly onAttempt?: AttemptTap | undefined;
  /** Called after every attempt with the MTA's decision, and for every refused connection (`run --trace`). */
  readonly onTrace?: TraceTap | undefined;
}

export class Mta {
  readonly messages = new MessageStore();
  readonly shaping: Shaping;
  /** What the policy drives. */
  readonly control: Control;
  /** Flat [time, path, ...] of transaction starts when auditing. */
  readonly auditStarts: number[] | undefined;
  private readonly paths: Paths;
  private readonly ledger: Ledger;
  private readonly wakes: SiteWakes;
  private readonly queues: Queues;
  private readonly audience: Audience;
  private readonly sim: Simulation;

  constructor(d: MtaDeps) {
    const { topo, streams } = d;
    const nS = streams.length;
    this.audience = d.audience;
    this.sim = d.sim;
    this.paths = new Paths(topo);
    this.shaping = new Shaping(topo.pathCount, topo.ips.length * topo.providers.length, topo.ips.length, d.audit === true);
    this.auditStarts = d.audit === true ? [] : undefined;
    this.ledger = new Ledger(this.messages, d.metrics, this.paths);
    this.wakes = new SiteWakes(d.sim, topo.sites.length);
    const pullOrder = streams
      .map((_, i) => i)
      .sort((a, b) => (streams[a]!.kind === 'transactional' ? 0 : 1) - (streams[b]!.kind === 'transactional' ? 0 : 1) || a - b);
    this.queues = new Queues(
      this.paths,
      nS,
      pullOrder,
      streams.filter((x) => x.kind === 'transactional').length,
      this.messages,
      this.ledger,
      d.audience,
      this.wakes,
      d.sim,
    );
    const serves = (ip: number, k: number) => topo.pools[topo.ips[ip]!.pool] === streams[k]!.pool;
    const streamIps = streams.map((_, k) => Int32Array.from(topo.ips.flatMap((_, i) => (serves(i, k) ? [i] : []))));
    const sources = new SourceSelector(
      topo.ips.map((ip) => ip.weight),
      topo.sites.length,
      streamIps,
      this.shaping,
      this.queues.readyByPath,
      MAX_READY,
      FULL_RETRY,
    );
    this.queues.useSources(sources);
    const streamDomain = Int32Array.from(streams, (s) => topo.domain(s.domain));
    const transactions = new Transactions(
      d.sim,
      this.paths,
      this.messages,
      this.ledger,
      d.audience,
      d.reactions,
      d.receivers,
      d.observations,
      d.policy,
      d.metrics,
      streamDomain,
      (m) => this.queues.dispatch(m),
      d.onAttempt,
      d.onTrace,
    );
    const connections = new Connections(
      d.sim,
      this.paths,
      this.shaping,
      this.queues,
      transactions,
      this.wakes,
      d.receivers,
      d.observations,
      d.metrics,
      d.spec,
      this.auditStarts,
    );
    const pump = new SitePump(
      d.sim,
      this.paths,
      this.shaping,
      this.queues,
      connections,
      this.wakes,
      d.policy.connectionRamp === 'immediate',
    );
    this.wakes.pump = (site) => pump.pump(site);
    const starts = this.auditStarts;
    this.control = new Control(
      topo,
      streams,
      d.sim,
      this.paths,
      this.shaping,
      sources,
      this.queues,
      this.wakes,
      this.ledger,
      transactions,
      d.receivers,
      d.random,
      () => (starts?.length ?? 0) / 2,
    );
  }

  /** A new message for recipient `rcpt` on `stream`; `tag` keys its reaction draws. */
  inject(rcpt: number, stream: number, tag: number): void {
    const site = this.paths.domainSite[this.audience.domain[rcpt]!]!;
    this.queues.dispatch(this.ledger.inject(rcpt, stream, site, tag, this.sim.now));
  }

  /** The run is over: the mail still queued counts as undelivered at its age (once, at the end). */
  closeRun(now: number): void {
    this.ledger.closeRun(now);
  }

  /** Messages alive per provider (queued, scheduled or in a transaction). */
  get queuedByProvider(): Float64Array {
    return this.ledger.queuedByProvider;
  }

  /** Messages waiting in ready or holding queues (not scheduled, not in a transaction). */
  get readyCount(): number {
    return this.queues.count;
  }

  /** Sites whose held mail has no wake armed; always 0 (a test invariant). */
  heldWithoutWake(): number {
    return this.queues.heldWithoutWake(this.wakes.wakeAt);
  }
}
