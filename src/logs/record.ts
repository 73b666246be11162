/**
 * The normalised delivery-log record every reader produces, whatever the MTA: one event about one
 * recipient (a reception, a delivery attempt's outcome, an expiry, a complaint). Field meanings
 * follow the sources' own: KumoMTA's log record (docs/reference/log_record.md), PowerMTA's
 * accounting fields (timeLogged, dlvSourceIp, vmta, dsnDiag, bounceCat ...) and Postfix's
 * `to=, relay=, delay=, dsn=, status=` delivery lines. Unknown strings are '', unknown numbers NaN
 * (times) or 0 (codes, attempt numbers).
 */
import type { ReplyClass } from './deps.ts';

/** deferred = a transient failure (4xx or no answer); expired = given up after the queue lifetime. */
export const RECORD_KINDS = ['reception', 'delivered', 'deferred', 'bounced', 'expired', 'complaint', 'other'] as const;
export type RecordKind = (typeof RECORD_KINDS)[number];

export const LOG_FORMATS = ['kumomta', 'powermta', 'postfix', 'arf', 'complaint-csv'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

/** SMTP stage a reply answered: the verb as sent, '.' for the end of DATA; 'connect' / 'greeting' before any command. */
export type SmtpStage =
  '' | 'connect' | 'greeting' | 'EHLO' | 'HELO' | 'STARTTLS' | 'AUTH' | 'MAIL FROM' | 'RCPT TO' | 'DATA' | '.' | 'QUIT' | 'RSET';

export class LogRecord {
  /** Unix seconds of the event (for complaints: when the report was made). */
  time = NaN;
  kind: RecordKind = 'other';
  /** The MTA's own name for the event: KumoMTA `type`, PowerMTA record type, Postfix `status=`. */
  mtaType = '';
  recipient = '';
  /** Envelope sender (KumoMTA sender, PowerMTA orig, Postfix qmgr from=), '' when the log does not say. */
  sender = '';
  /** Recipient domain, lower case. */
  domain = '';
  /** Mailbox provider of the recipient domain (providers.ts), '' when there is no recipient. */
  provider = '';
  /** Egress (source) IP address. */
  sourceIp = '';
  /** Egress pool (KumoMTA egress_pool, PowerMTA vmtaPool). */
  pool = '';
  /** Egress source / virtual MTA name (KumoMTA egress_source, PowerMTA vmta, Postfix syslog name). */
  source = '';
  /** Queue name (KumoMTA queue, PowerMTA queue, Postfix transport). */
  queue = '';
  /** Destination site (KumoMTA site: the MX rollup). */
  site = '';
  /** The peer MX host name and address. */
  peerHost = '';
  peerIp = '';
  /** Basic reply code (250, 451, 550 ...), 0 when there was no reply (timeouts, refused connections). */
  code = 0;
  /** Enhanced status code "4.7.650", '' when none. */
  enhanced = '';
  /** The reply line as the receiver gave it, starting with the code; otherwise the MTA's reason text. */
  text = '';
  /** The simulator's class of `text` (src/smtp/classifier.ts); '' for receptions and complaints. */
  cls: ReplyClass | '' = '';
  command: SmtpStage = '';
  /** When the message entered the queue (unix seconds); for complaints, the reported message's Arrival-Date. */
  queuedAt = NaN;
  /** 1 for the first delivery attempt; 0 when unknown. */
  attempt = 0;
  /** Message or queue id as the MTA names it. */
  messageId = '';
  /** The MTA's own bounce classification (KumoMTA bounce_classification, PowerMTA bounceCat, ARF Feedback-Type). */
  bounceClass = '';
  format: LogFormat = 'kumomta';
  /** Line number (1-based) in the input where the record starts. */
  line = 0;
}
