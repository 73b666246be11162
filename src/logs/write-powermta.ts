/**
 * PowerMTA accounting CSV lines (User's Guide, "Accounting records"; RFC 4180): the header row
 * ACCT_HEADER, then d (delivered: dsnAction relayed), t (transient: delayed) and b (bounced:
 * failed) records. dsnStatus is the enhanced code with its RFC 3463 meaning in parentheses,
 * dsnDiag "smtp;" and the reply, dsnMta "host (address)", times "YYYY-MM-DD HH:MM:SS+0000". An
 * expiry is a b record with status 4.4.7 (delivery time expired) and bounceCat message-expired,
 * its diagnostic the last reply. bounceCat names are PowerMTA's bounce categories, chosen here
 * from our reply classes.
 */
import { classify, type ReplyClass } from './deps.ts';
import { csvField } from './csv.ts';
import { pmtaTime } from './time.ts';
import type { Attempt } from './attempt.ts';

const ACCT_FIELDS = [
  'type',
  'timeLogged',
  'timeQueued',
  'orig',
  'rcpt',
  'orcpt',
  'dsnAction',
  'dsnStatus',
  'dsnDiag',
  'dsnMta',
  'bounceCat',
  'srcType',
  'srcMta',
  'dlvType',
  'dlvSourceIp',
  'dlvDestinationIp',
  'dlvEsmtpAvailable',
  'dlvSize',
  'vmta',
  'jobId',
  'envId',
  'queue',
  'vmtaPool',
] as const;

export const ACCT_HEADER = ACCT_FIELDS.join(',');

const CATEGORY: Readonly<Record<ReplyClass, string>> = {
  accepted: '',
  throttle: 'policy-related',
  'connection-limit': 'policy-related',
  'server-busy': 'other',
  block: 'spam-related',
  auth: 'policy-related',
  'unknown-user': 'bad-mailbox',
  'mailbox-full': 'quota-issues',
  greylist: 'other',
  'recipient-rate': 'policy-related',
  content: 'content-related',
  'other-temporary': 'other',
  'other-permanent': 'other',
};

/** RFC 3463 subject meanings, used for the parenthesis of dsnStatus. */
const SUBJECT = [
  'other or undefined status',
  'addressing status',
  'mailbox status',
  'mail system status',
  'network and routing status',
  'mail delivery protocol status',
  'message content or media status',
  'security or policy status',
];

function dsnStatus(enhanced: string): string {
  if (enhanced === '2.0.0') return '2.0.0 (success)';
  if (enhanced === '4.4.7') return '4.4.7 (delivery time expired)';
  const subject = Number(enhanced.split('.')[1]);
  return `${enhanced} (${SUBJECT[subject] ?? 'other or undefined status'})`;
}

/** One accounting record for an attempt. */
export function pmtaRecord(a: Attempt): string {
  const expired = a.outcome === 'expired';
  const type = a.outcome === 'delivered' ? 'd' : a.outcome === 'deferred' ? 't' : 'b';
  const action = type === 'd' ? 'relayed' : type === 't' ? 'delayed' : 'failed';
  const enhanced = expired
    ? '4.4.7'
    : a.enhanced !== ''
      ? a.enhanced
      : a.code > 0
        ? `${Math.floor(a.code / 100)}.0.0`
        : type === 'b'
          ? '5.0.0'
          : '4.0.0';
  const cat = expired ? 'message-expired' : CATEGORY[classify(a.text)];
  const at = a.recipient.lastIndexOf('@');
  const fields = [
    type,
    pmtaTime(a.time),
    pmtaTime(a.injectedAt),
    a.sender,
    a.recipient,
    '',
    action,
    dsnStatus(enhanced),
    `smtp;${a.text}`,
    a.mxHost === '' ? '' : `${a.mxHost} (${a.mxIp})`,
    cat,
    'smtp',
    'localhost',
    'smtp',
    a.sourceIp,
    a.mxIp,
    type === 'd' ? 'PIPELINING,8BITMIME,SIZE,STARTTLS' : '',
    String(a.size),
    a.source,
    '',
    a.messageId,
    `${at < 0 ? '' : a.recipient.slice(at + 1).toLowerCase()}/${a.source}`,
    a.pool,
  ];
  let line = fields[0]!;
  for (let i = 1; i < fields.length; i++) line += `,${csvField(fields[i]!)}`;
  return line;
}
