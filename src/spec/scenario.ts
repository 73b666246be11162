/**
 * The normalised scenario: what a validated scenario file becomes (units parsed, defaults
 * filled). The simulator only ever sees this shape; src/scenario/schema.ts produces it.
 * Times are seconds, rates are per hour unless named otherwise.
 */

export interface IpSpec {
  readonly address: string;
  readonly pool: string;
  /** Weighted round-robin weight within its pool (KumoMTA egress pool `weight`). */
  readonly weight: number;
  /** History before the run starts, as receivers would have seen it (a warmed IP); none = fresh. */
  readonly prewarm: PrewarmSpec | undefined;
  /** Enrolled in feedback loops (Microsoft JMRP, Yahoo CFL): complaint copies reach the sender. */
  readonly feedbackLoop: boolean;
  /** Live mode: the loopback address a real MTA sends from as this IP (127.0.0.2, ...). */
  readonly listenAs?: string;
}

export interface PrewarmSpec {
  /** Days of history that ended when the run starts. */
  readonly days: number;
  /** Accepted messages per hour per provider during that history. */
  readonly perHour: number;
  /** Share of delivered mail that earned engagement (0..1); sets the trust the history built. */
  readonly engagement: number;
  /** Days between the end of that history and the start of the run (idle). */
  readonly idleDays: number;
}

export interface SendingDomainSpec {
  readonly name: string;
  readonly spf: boolean;
  readonly dkim: boolean;
  /** DMARC record present (any policy, p=none included). */
  readonly dmarc: boolean;
  /** SPF or DKIM aligned with the 5322.From domain. */
  readonly aligned: boolean;
  readonly rdns: boolean;
  /** History of the domain before the run (its reputation as a prior for new IPs); none = new domain. */
  readonly prewarm: PrewarmSpec | undefined;
}

export interface SegmentSpec {
  readonly name: string;
  /** Share of the audience (normalised over segments). */
  readonly share: number;
  /** Probability that an inbox-placed message is opened/clicked/replied to. */
  readonly engage: number;
  /** Probability that an inbox-placed message is reported as junk. */
  readonly complain: number;
  /** Share of addresses that do not exist (hard bounce 5.1.1 / 5.5.0). */
  readonly unknown: number;
  /** Share of addresses that are spam traps. */
  readonly trap: number;
  /** Days since last engagement at the start, drawn uniformly in [min, max]. */
  readonly recencyDays: readonly [number, number];
}

export interface AudienceSpec {
  readonly size: number;
  /** Share of recipients per provider name (normalised). */
  readonly providers: Readonly<Record<string, number>>;
  readonly segments: readonly SegmentSpec[];
  /** Number of distinct corporate recipient domains (each its own MX) and Microsoft 365 tenants. */
  readonly corporateDomains: number;
  readonly m365Tenants: number;
}

export interface BulkStreamSpec {
  readonly kind: 'bulk';
  readonly name: string;
  readonly domain: string;
  readonly pool: string;
  /** Messages planned per day (all providers); the last entry repeats. */
  readonly perDay: readonly number[];
  /** Seconds after midnight at which each day's campaign starts. */
  readonly sendAt: number;
  /** Seconds over which the campaign is injected evenly, in one-minute batches (0 = all at once). */
  readonly spread: number;
  /** Segments this stream mails (empty = all). */
  readonly segments: readonly string[];
}

export interface TransactionalStreamSpec {
  readonly kind: 'transactional';
  readonly name: string;
  readonly domain: string;
  readonly pool: string;
  readonly perDay: number;
  /** Relative arrival rate per hour of day (24 numbers, normalised to mean 1). */
  readonly diurnal: readonly number[];
}

export type StreamSpec = BulkStreamSpec | TransactionalStreamSpec;

export interface MtaSpec {
  /** Queue key: 'mx' rolls domains sharing MX hosts into one site (KumoMTA); 'domain' keys by recipient domain (Postfix). */
  readonly grouping: 'mx' | 'domain';
  /** Seconds to open a connection (TCP + TLS + EHLO). */
  readonly connectTime: number;
  /** Seconds per SMTP transaction (MAIL..DATA). */
  readonly transactionTime: number;
  /** Close a connection that would wait longer than this for its throttle (KumoMTA idle_timeout). */
  readonly idleTimeout: number;
}

/**
 * A scripted receiver, as MTA developers test against sinks (KumoMTA's smart sink, Postfix's
 * smtp-sink): per attempt, a reply window covering the time wins, else the first `defer` attempts
 * of each message get `reply`, else fixed odds per reply, else the message is accepted.
 */
export interface ScriptSpec {
  /** Attempts of each message deferred before it is accepted. */
  readonly defer: number;
  /** The reply of those attempts (`[IP]` filled in). */
  readonly reply: string;
  /** Replies with fixed odds per attempt (0..1 each). */
  readonly odds: readonly { readonly reply: string; readonly p: number }[];
  /** Every attempt in [from, to) seconds gets this reply. */
  readonly windows: readonly { readonly from: number; readonly to: number; readonly reply: string }[];
  /** The accepting reply. */
  readonly accept: string;
}

export interface PolicyUse {
  readonly name: string;
  readonly use: string;
  /** Parameters as the policy's own schema output them (validated and prepared when the scenario was loaded). */
  readonly params: Readonly<Record<string, unknown>>;
}

export interface Scenario {
  readonly name: string;
  readonly description: string;
  readonly seed: number;
  /** Simulated seconds. */
  readonly duration: number;
  /** ISO date of day 0 (for date rules such as Microsoft's 2025-05-05 authentication rule). */
  readonly startDate: string;
  readonly ips: readonly IpSpec[];
  readonly domains: readonly SendingDomainSpec[];
  readonly audience: AudienceSpec;
  readonly streams: readonly StreamSpec[];
  readonly mta: MtaSpec;
  /** Per-provider scripted receivers that replace the model (`receivers.microsoft.script`). */
  readonly scripts: Readonly<Record<string, ScriptSpec>>;
  /** Per-provider receiver parameter overrides (`receivers.microsoft.params.F0: 30`). */
  readonly receivers: Readonly<Record<string, Readonly<Record<string, number | boolean | string>>>>;
  readonly policies: readonly PolicyUse[];
}
