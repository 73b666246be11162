/**
 * What the sender's MTA does, as one small interface. A policy sees only what a real MTA sees:
 * SMTP replies, complaint copies and the lagged daily report. It acts through {@link MtaControl}
 * (limits, suspensions), as KumoMTA's Traffic Shaping Automation acts through SetConfig and
 * Suspend, and decides each deferred message's next attempt.
 */
import type { Reply } from '../smtp/reply.ts';
import type { ObservedRow } from './observations.ts';
import type { ThrottleSpec } from '../spec/throttle.ts';
import type { RandomStream } from '../engine/random.ts';

/** Sentinel of {@link Policy.retryAt}: give up now (the message expires as a temporary-failure bounce). */
export const GIVE_UP = -1;

/** A deferred message as the MTA knows it. Reused between calls: copy what you keep. */
export interface MessageView {
  /** Attempts made so far, including the one that just failed (>= 1). */
  readonly attempts: number;
  readonly injectedAt: number;
  /** Time of the message's first temporary failure. */
  readonly firstFailAt: number;
  /** The delay the policy chose last time (0 if none). */
  readonly lastDelay: number;
  readonly stream: number;
  readonly provider: number;
  readonly site: number;
  readonly ip: number;
}

/** The MTA as a policy may drive it. Names are for reading configuration; ids for speed. */
export interface MtaControl {
  readonly ips: readonly { readonly address: string; readonly pool: string }[];
  readonly sites: readonly { readonly name: string; readonly provider: string; readonly mx: string; readonly domains: readonly string[] }[];
  readonly providers: readonly string[];
  readonly streams: readonly { readonly name: string; readonly kind: 'bulk' | 'transactional'; readonly pool: string }[];
  /** Path id of (IP, site); also `pathIp`, `pathSite`, `pathProvider` to decode one. */
  path(ip: number, site: number): number;
  pathIp(path: number): number;
  pathSite(path: number): number;
  pathProvider(path: number): number;
  readonly pathCount: number;
  /** Message-rate throttle of a path (slot 0: max_message_rate; slot 1: e.g. source_selection_rate). */
  setPathRate(path: number, spec: ThrottleSpec | undefined, slot?: 0 | 1): void;
  /** Concurrent connections allowed on a path. */
  setPathConnections(path: number, n: number): void;
  /** Messages per connection before it is closed and reopened. */
  setPathPerConnection(path: number, n: number): void;
  /** Caps shared by all sites of one provider for one IP (KumoMTA provider_connection_limit / provider_max_message_rate). */
  setProviderRate(ip: number, provider: number, spec: ThrottleSpec | undefined): void;
  setProviderConnections(ip: number, provider: number, n: number): void;
  /** Selections of an IP per time across all sites (ESP hourly caps); excess overflows to other IPs of the pool. */
  setIpSelectionRate(ip: number, spec: ThrottleSpec | undefined): void;
  /**
   * Selections of an IP per UTC day; Infinity = none. `paced`: spread over the day (an hour's share
   * at most at once), as ESPs spread a stage (SparkPost); else the first n of the day (PowerMTA
   * max-cold-virtual-mta-msg).
   */
  setIpDailyCap(ip: number, n: number, paced?: boolean): void;
  /** Messages assigned to the IP so far today (new and retried). */
  selectedToday(ip: number): number;
  /** Messages whose first attempt went out on the IP on UTC day `day` (today or yesterday): the day's new traffic. */
  firstAttemptsOn(ip: number, day: number): number;
  /** The IP's weighted round-robin weight in its pool (0 takes it out). */
  setIpWeight(ip: number, weight: number): void;
  /** A delist / mitigation request to the provider's sender support for `ip` (provider id). */
  requestDelist(ip: number, provider: number): void;
  /** No new transactions on the path until `until`; open connections close. */
  suspendPath(path: number, until: number): void;
  suspendedUntil(path: number): number;
  /** Longest a message may stay queued (seconds since injection), for messages injected from now on. */
  setMaxAge(seconds: number): void;
  /** A named random stream of this run (for jitter). */
  random(name: string): RandomStream;
  /** Current simulated time. */
  readonly now: number;
  /** Calls `fn` at simulated time `time` (timed actions: TSA durations, backoff-to-normal timers). */
  at(time: number, fn: () => void): void;
}

export interface Policy {
  readonly name: string;
  /**
   * Retransmit after a 5xx as if it were a 4xx (except unknown users): the "push harder"
   * anti-pattern of home-grown senders, a policy violation Microsoft punishes (docs/receiver-model.md 2.6).
   * Real MTAs bounce on 5xx (RFC 5321); default false.
   */
  readonly resendRejected?: boolean;
  /**
   * How the MTA opens connections for a path's ready queue: 'queue-depth' (default), KumoMTA's
   * `ceil(limit * (1 - exp(-0.023 q)))`; 'immediate', up to the limit (one per ready message), as
   * Postfix's queue manager hands a destination as many deliveries as its concurrency allows.
   */
  readonly connectionRamp?: 'queue-depth' | 'immediate';
  /** Queue key this MTA uses: 'domain' for Postfix-style transports keyed by recipient domain; default: the scenario's. */
  readonly grouping?: 'mx' | 'domain';
  /** Once, before the run: declare limits. */
  setup(mta: MtaControl): void;
  /** After every reply, connection refusals included. Hot path: keep it cheap. */
  onReply(path: number, reply: Reply, now: number): void;
  /** After a 4xx: absolute time of the message's next attempt, or -1 (GIVE_UP) to expire it. */
  retryAt(msg: MessageView, reply: Reply, now: number): number;
  /** Bulk messages this stream may inject today for a provider, of the `planned` (default: the plan); the rest is withheld. */
  dailyBudget?(stream: number, provider: number, day: number, planned: number): number;
  /** Whether a bulk message goes to this recipient (the audience rule; default: yes). */
  admit?(stream: number, provider: number, segment: number, recencyDays: number): boolean;
  /** At every hour boundary. */
  onHour?(hour: number, now: number): void;
  /** A provider's daily report rows, when published. */
  onDailyReport?(rows: readonly ObservedRow[], now: number): void;
  /** A complaint copy (FBL/JMRP) about mail from `ip` to `provider`. */
  onComplaint?(ip: number, provider: number, now: number): void;
}
