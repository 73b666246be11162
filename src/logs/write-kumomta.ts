/**
 * KumoMTA log records as kumod writes them (docs/reference/log_record.md; JsonLogRecord in
 * crates/kumo-log-types): a Reception when a message is injected, then one Delivery,
 * TransientFailure or Bounce per attempt and an Expiration when the queue gives up. `timestamp`
 * and `created` are whole unix seconds (chrono ts_seconds); `num_attempts` counts the attempts
 * made before this one; `response.command` is the command line as sent ("MAIL FROM:<s>\r\n",
 * ".\r\n" for the end of DATA); `response.content` is the reply after its codes. The bounce
 * classification uses KumoMTA's predefined labels (docs/reference/kumo/configure_bounce_classifier.md)
 * for our classes; it is our mapping, not KumoMTA's shipped rules.
 */
import { classify, type ReplyClass } from './deps.ts';
import { replyContent, type Attempt } from './attempt.ts';

const TYPE = { delivered: 'Delivery', deferred: 'TransientFailure', bounced: 'Bounce', expired: 'Expiration' } as const;

const LABEL: Readonly<Record<ReplyClass, string>> = {
  accepted: 'Uncategorized',
  throttle: 'PolicyRelated',
  'connection-limit': 'PolicyRelated',
  'server-busy': 'TransientFailure',
  block: 'SpamBlock',
  auth: 'AuthenticationFailed',
  'unknown-user': 'InvalidRecipient',
  'mailbox-full': 'QuotaIssues',
  greylist: 'TransientFailure',
  'recipient-rate': 'TransientFailure',
  content: 'SpamContent',
  'other-temporary': 'TransientFailure',
  'other-permanent': 'Uncategorized',
};

/** The command line a reply answered, as KumoMTA logs it. */
function commandLine(a: Attempt): string | null {
  switch (a.command) {
    case 'MAIL FROM':
      return `MAIL FROM:<${a.sender}>\r\n`;
    case 'RCPT TO':
      return `RCPT TO:<${a.recipient}>\r\n`;
    case '.':
      return '.\r\n';
    case 'EHLO':
    case 'HELO':
      return `${a.command} ${a.source || 'localhost'}\r\n`;
    case 'DATA':
    case 'STARTTLS':
    case 'QUIT':
    case 'RSET':
      return `${a.command}\r\n`;
    default:
      return null;
  }
}

function enhancedCode(e: string): { class: number; subject: number; detail: number } | null {
  const m = /^([245])\.(\d{1,3})\.(\d{1,3})$/.exec(e);
  return m === null ? null : { class: Number(m[1]), subject: Number(m[2]), detail: Number(m[3]) };
}

function common(a: Attempt) {
  const at = a.recipient.lastIndexOf('@');
  return { id: a.messageId, sender: a.sender, recipient: a.recipient, queue: at < 0 ? '' : a.recipient.slice(at + 1).toLowerCase() };
}

/** The Reception record of a message. */
export function kumoReception(a: Attempt): string {
  return JSON.stringify({
    type: 'Reception',
    ...common(a),
    site: '',
    size: a.size,
    response: { code: 250, enhanced_code: null, content: '', command: null },
    peer_address: { name: 'localhost', addr: '127.0.0.1' },
    timestamp: Math.floor(a.injectedAt),
    created: Math.floor(a.injectedAt),
    num_attempts: 0,
    bounce_classification: 'Uncategorized',
    egress_pool: null,
    egress_source: null,
    feedback_report: null,
    meta: {},
    headers: {},
    delivery_protocol: null,
    reception_protocol: 'ESMTP',
  });
}

/** One Delivery / TransientFailure / Bounce / Expiration record. */
export function kumoRecord(a: Attempt): string {
  const expired = a.outcome === 'expired';
  const code = expired ? 551 : a.code;
  const enhanced = expired ? '5.4.7' : a.enhanced;
  const content = expired ? 'Next delivery time would be past the expiry time of the message' : replyContent(a.text, a.code, a.enhanced);
  return JSON.stringify({
    type: TYPE[a.outcome],
    ...common(a),
    site: `${a.source}->${a.mxHost}`,
    size: a.size,
    response: { code, enhanced_code: enhancedCode(enhanced), content, command: expired ? null : commandLine(a) },
    peer_address: expired || a.mxHost === '' ? null : { name: a.mxHost, addr: a.mxIp },
    timestamp: Math.floor(a.time),
    created: Math.floor(a.injectedAt),
    num_attempts: expired ? a.attempt : a.attempt - 1,
    bounce_classification: expired ? 'MessageExpired' : LABEL[classify(a.text)],
    egress_pool: a.pool,
    egress_source: a.source,
    source_address: expired
      ? null
      : { address: `${a.sourceIp.includes(':') ? `[${a.sourceIp}]` : a.sourceIp}:${20000 + (Math.floor(a.time) % 40000)}` },
    feedback_report: null,
    meta: {},
    headers: {},
    delivery_protocol: 'ESMTP',
    reception_protocol: 'ESMTP',
  });
}
