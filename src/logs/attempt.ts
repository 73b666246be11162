/**
 * What the simulator knows of one delivery event, the input of the log writers (section 5 of
 * issue #21: "the simulator writes real MTA logs"). `text` is the receiver's whole reply line
 * starting with its code ("451 4.7.650 The mail server [192.0.2.1] has been ..."), or, when there
 * was no reply (code 0), the MTA's reason ("Connection timed out"). An expiry is the MTA giving
 * up on a message, not an attempt: its text is the last reply.
 */
import type { SmtpStage } from './record.ts';

export type Outcome = 'delivered' | 'deferred' | 'bounced' | 'expired';

export interface Attempt {
  /** Unix seconds. */
  readonly time: number;
  /** Message id; PowerMTA's jobId, KumoMTA's id; Postfix's queue id when it looks like one (else one is derived). */
  readonly messageId: string;
  readonly recipient: string;
  readonly sender: string;
  readonly sourceIp: string;
  /** Egress pool / virtual MTA pool. */
  readonly pool: string;
  /** Egress source / virtual MTA name. */
  readonly source: string;
  readonly mxHost: string;
  readonly mxIp: string;
  readonly code: number;
  readonly enhanced: string;
  readonly text: string;
  readonly command: SmtpStage;
  /** 1 for the first attempt. */
  readonly attempt: number;
  /** When the message was injected (unix seconds). */
  readonly injectedAt: number;
  readonly outcome: Outcome;
  /** Message size in bytes. */
  readonly size: number;
}

/** The text after the code and enhanced code: "451 4.7.650 The mail ..." -> "The mail ...". */
export function replyContent(text: string, code: number, enhanced: string): string {
  if (code === 0) return text;
  let i = 3;
  if (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 45) i++;
  if (enhanced !== '' && text.startsWith(enhanced, i)) {
    i += enhanced.length;
    if (text.charCodeAt(i) === 32) i++;
  }
  return text.slice(i);
}

/** A reply line as the readers give it back: a multi-line marker after the code ("421-4.7.28") read as a space. */
export function normalReplyText(text: string, code: number, enhanced: string): string {
  if (code === 0) return text;
  const content = replyContent(text, code, enhanced);
  return enhanced === '' ? (content === '' ? `${code}` : `${code} ${content}`) : `${code} ${enhanced} ${content}`;
}
