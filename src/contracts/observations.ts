/**
 * What flows between the receiving side and the sender besides the SMTP transaction itself:
 * audience reactions (evidence for receivers), the SNDS-like daily report and complaint copies
 * (observations for the policy), and the {@link Observations} seam that routes them. Policies
 * receive these; they never see receiver state.
 */
import type { Reply } from '../smtp/reply.ts';

/** Reaction kinds an audience produces after a delivery. */
export const REACTION = { engage: 0, complaint: 1, inactive: 2 } as const;
export type ReactionKind = (typeof REACTION)[keyof typeof REACTION];

/** Daily reports are published one day late: day d's at the start of day d + 2 (when day d + 1 closes). */
export const REPORT_LAG_DAYS = 2;

/** One row of an SNDS-like daily report: what an IP owner can see, one day late. */
export interface ObservedRow {
  readonly day: number;
  readonly provider: string;
  readonly ip: string;
  /** Attempts that got past MAIL FROM (RCPT commands). */
  readonly rcpt: number;
  /** Accepted messages (DATA commands). */
  readonly data: number;
  readonly colour: 'green' | 'yellow' | 'red';
  /** Complaints / inbox-placed messages. */
  readonly complaintRate: number;
  readonly trapHits: number;
  readonly blocked: boolean;
}

/**
 * The one route of everything observable between the receiving side and the sender: SMTP
 * replies and published daily reports reach the policy, audience reactions reach the receivers as
 * evidence, complaint copies (FBL/JMRP) reach the policy, and the hour boundary reaches both.
 * The MTA, the audience and the run loop each hold this seam and nothing else of the other side,
 * so what a policy can learn is decided in one place (src/mail/observation-router.ts).
 */
export interface Observations {
  /** An SMTP reply on a path, connection refusals included. Hot path. */
  reply(path: number, reply: Reply, now: number): void;
  /** An audience reaction to mail from (ip, sendDomain), for the recipient's provider; true if a complaint copy goes to the sender. */
  reaction(provider: number, kind: ReactionKind, ip: number, sendDomain: number, recipient: number, now: number): boolean;
  /** `count` recipient-free reactions of one kind at once (aggregated inactivity). */
  reactions(provider: number, kind: ReactionKind, ip: number, sendDomain: number, count: number, now: number): void;
  /** Whether the sender listens to complaint copies (none are scheduled otherwise). */
  readonly wantsComplaintCopies: boolean;
  /** A complaint copy about mail from `ip` to `provider` reaches the sender. */
  complaintCopy(ip: number, provider: number, now: number): void;
  /**
   * End of hour `hour` (now = (hour + 1) * 3600): the receivers' hourly work, then the daily
   * reports published at this instant (day d's at the start of day d + 2), then the policy's tick.
   */
  hourEnd(hour: number, now: number): void;
}
