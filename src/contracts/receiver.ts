/**
 * A mailbox provider as the sender meets it. Hidden state lives inside; only replies, complaint
 * copies and (for some) a lagged daily report come out. Policies never see a Receiver.
 */
import type { Reply } from '../smtp/reply.ts';
import type { HiddenTrace } from './hidden-trace.ts';
import type { ObservedRow, ReactionKind } from './observations.ts';
import type { ReplyTable } from '../smtp/reply.ts';
import type { Scenario } from '../spec/scenario.ts';
import type { Topology } from '../spec/topology.ts';

/** One SMTP transaction for one recipient, as the receiver sees it. Reused: copy what you keep. */
export interface AttemptInfo {
  ip: number;
  net: number;
  site: number;
  /** Sending (5322.From) domain id. */
  sendDomain: number;
  recipient: number;
  /** The recipient address does not exist at this provider. */
  unknownUser: boolean;
  /** The recipient address is a spam trap. */
  trap: boolean;
  stream: number;
  /** 1 for a first attempt, then 2, 3, ... */
  attemptNo: number;
  /** The message's stable tag (for counter-based draws). */
  tag: number;
}

export interface Receiver {
  readonly name: string;
  /** A new connection from `ip` to `site`: undefined if accepted, else the refusal. */
  connect(ip: number, site: number, now: number): Reply | undefined;
  /** One recipient's MAIL/RCPT/DATA outcome. After a 250, `lastJunk` tells the placement. */
  attempt(a: AttemptInfo, now: number): Reply;
  /** Placement of the last accepted message: true = junk folder. */
  readonly lastJunk: boolean;
  disconnect(ip: number, site: number, now: number): void;
  /** An audience reaction to a delivered message. Returns true if a complaint copy goes to the sender (FBL). */
  react(kind: ReactionKind, ip: number, sendDomain: number, recipient: number, now: number): boolean;
  /** `count` reactions of one kind for (IP, domain) at once (aggregated inactivity); recipient-free. */
  reactMany?(kind: ReactionKind, ip: number, sendDomain: number, count: number, now: number): void;
  /** Called at every hour boundary (for traces and rolling windows). */
  onHour?(hour: number, now: number): void;
  /** The report for `day`, available from the start of day + 2 (published one day late). */
  dailyReport?(day: number): readonly ObservedRow[];
  /** A sender's delist / mitigation request for `ip` (sender support ticket). */
  delist?(ip: number, now: number): void;
  /** Hidden state sampled per hour, for reports only (never for policies). */
  readonly hidden?: HiddenTrace;
}

/** What a receiver factory gets to build one receiver per provider. */
export interface ReceiverContext {
  readonly scenario: Scenario;
  readonly topo: Topology;
  readonly replies: ReplyTable;
  /** 32-bit seed for counter-based draws. */
  readonly seed: number;
}

export type ReceiverFactory = (ctx: ReceiverContext) => Receiver[];
