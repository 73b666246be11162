/**
 * What the sender observes of a provider besides SMTP replies: the SNDS-like daily report.
 * Policies receive these rows; they never see receiver state.
 */
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
