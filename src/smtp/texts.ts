/**
 * Exact reply texts the receiver models emit, from observed bounces (docs/receiver-model.md 1,
 * 2.5, 4). `[IP]` and `[DOMAIN]` are filled in by the receiver; everything else is verbatim.
 */
export interface MicrosoftTexts {
  readonly accepted: string;
  readonly rateLimited: string;
  readonly connections: string;
  readonly ipBlock: string;
  readonly netBlock: string;
  readonly banned: string;
  readonly auth: string;
  readonly unknownUser: string;
}

export const MS_TEXTS: MicrosoftTexts = {
  accepted: '250 2.6.0 <message-id> Queued mail for delivery',
  rateLimited:
    '451 4.7.650 The mail server [IP] has been temporarily rate limited due to IP reputation. For e-mail delivery information, see https://aka.ms/postmaster (S775)',
  connections: '451 4.7.652 The mail server [IP] has exceeded the maximum number of connections. (S3115)',
  ipBlock:
    "550 5.7.1 Unfortunately, messages from [IP] weren't sent. Please contact your Internet service provider since part of their network is on our block list (S3150). You can also refer your provider to http://mail.live.com/mail/troubleshooting.aspx#errors.",
  netBlock:
    "550 5.7.1 Unfortunately, messages from [IP] weren't sent. Please contact your Internet service provider since part of their network is on our block list (S3140). You can also refer your provider to http://mail.live.com/mail/troubleshooting.aspx#errors.",
  banned:
    '550 5.7.606 Access denied, banned sending IP [IP]. To request removal from this list please visit https://sender.office.com/ and follow the directions.',
  auth: '550 5.7.515 Access denied, sending domain [DOMAIN] does not meet the required authentication level.',
  unknownUser: '550 5.5.0 Requested action not taken: mailbox unavailable',
};

/** Microsoft 365 / Exchange Online Protection variants (M7) for tenants' MX. */
export const M365_TEXTS: MicrosoftTexts = {
  ...MS_TEXTS,
  rateLimited: '451 4.7.550 Access denied, please try again later',
  ipBlock:
    '550 5.7.606 Access denied, banned sending IP [IP]. To request removal from this list please visit https://sender.office.com/ and follow the directions.',
  netBlock:
    '550 5.7.606 Access denied, banned sending IP [IP]. To request removal from this list please visit https://sender.office.com/ and follow the directions.',
  unknownUser: '550 5.4.1 Recipient address rejected: Access denied. AS(201806281)',
};

export const GMAIL_TEXTS = {
  accepted: '250 2.0.0 OK - gsmtp',
  unusualRateIp:
    '421-4.7.28 [IP] Our system has detected an unusual rate of unsolicited mail originating from your IP address. To protect our users from spam, mail sent from your IP address has been temporarily rate limited. Please visit https://support.google.com/mail/?p=UnsolicitedRateLimitError to review our Bulk Email Senders Guidelines. - gsmtp',
  unusualRateDomain:
    '421-4.7.28 Our system has detected an unusual rate of unsolicited mail originating from your DKIM domain [DOMAIN]. To protect our users from spam, mail sent from your domain has been temporarily rate limited. Please visit https://support.google.com/mail/?p=UnsolicitedRateLimitError to review our Bulk Email Senders Guidelines. - gsmtp',
  lowIpReputation:
    '421-4.7.0 [IP] Our system has detected that this message is suspicious due to the very low reputation of the sending IP address. To protect our users from spam, mail sent from your IP address has been temporarily rate limited. - gsmtp',
  lowDomainReputation:
    '550-5.7.1 Our system has detected that this message is suspicious due to the very low reputation of the sending domain. To best protect our users from spam, the message has been blocked. - gsmtp',
  ipBlock:
    '550-5.7.28 [IP] Our system has detected an unusual rate of unsolicited mail originating from your IP address. To protect our users from spam, mail sent from your IP address has been blocked. - gsmtp',
  unauthenticated:
    '550-5.7.26 This mail has been blocked because the sender is unauthenticated. Gmail requires all senders to authenticate with either SPF or DKIM. - gsmtp',
  noSpf:
    "421-4.7.27 Your email has been rate limited because SPF authentication didn't pass for this message. Gmail requires all bulk email senders to authenticate with SPF. - gsmtp",
  noDkim:
    "421-4.7.30 Your email has been rate limited because DKIM authentication didn't pass for this message. Gmail requires all bulk email senders to authenticate with DKIM. - gsmtp",
  noDmarc:
    '421-4.7.40 Your email has been rate limited because DMARC policy is not set for this sender domain. Gmail requires all bulk email senders to configure a DMARC record. - gsmtp',
  notAligned:
    "421-4.7.32 Your email has been rate limited because the From: header (RFC5322) in this message isn't aligned with either the authenticated SPF or DKIM organizational domain. - gsmtp",
  noPtr: '421-4.7.0 [IP] The IP address sending this message does not have a PTR record setup. - gsmtp',
  unknownUser:
    "550-5.1.1 The email account that you tried to reach does not exist. Please try double-checking the recipient's email address for typos or unnecessary spaces. - gsmtp",
} as const;

export const YAHOO_TEXTS = {
  accepted: '250 ok dirdel',
  deferred:
    '421 4.7.0 [TSS04] Messages from [IP] temporarily deferred due to unexpected volume or user complaints - 4.16.55.1; see https://postmaster.yahooinc.com/error-codes',
  complaints:
    '421 4.7.0 [TS01] Messages from [IP] temporarily deferred due to user complaints - 4.16.55.1; see https://postmaster.yahooinc.com/error-codes',
  connections:
    '421 4.7.0 [TS02] Messages from [IP] temporarily deferred due to unexpected volume or user complaints - 4.16.55.1; see https://postmaster.yahooinc.com/error-codes',
  permanent:
    '421 4.7.0 [TSS09] All messages from [IP] will be permanently deferred; Retrying will NOT succeed. See https://postmaster.yahooinc.com/error-codes',
  spamhaus:
    "553 5.7.1 [BL21] Connections will not be accepted from [IP], because the ip is in Spamhaus's list; see https://postmaster.yahooinc.com/error-codes",
  unknownUser: "554 delivery error: dd This user doesn't have a yahoo.com account (recipient@yahoo.com) [0] - mta1001.mail.gq1.yahoo.com",
  unauthenticated:
    '550 5.7.9 This mail has been blocked because the sender is unauthenticated. Yahoo requires all senders to authenticate with either SPF or DKIM.',
  perConnection: '421 Max message per connection exceeded, closing transmission channel',
} as const;

export const GENERIC_TEXTS = {
  accepted: '250 2.0.0 Ok: queued',
  greylisted: '450 4.2.0 <recipient>: Recipient address rejected: Greylisted, see http://postgrey.schweikert.ch/help/[DOMAIN].html',
  tooManyConnections: '421 4.7.0 Too many connections from [IP], try again later',
  rateLimited: '450 4.7.1 Error: too much mail from [IP]',
  dnsbl: '554 5.7.1 Service unavailable; Client host [IP] blocked using zen.spamhaus.org',
  unknownUser: '550 5.1.1 <recipient>: Recipient address rejected: User unknown in local recipient table',
  quarantined: '550 5.7.1 Message rejected as spam by Content Filtering.',
} as const;

/** Fills `[IP]` and `[DOMAIN]`. */
export function fill(text: string, ip: string, domain = ''): string {
  return text.replaceAll('[IP]', `[${ip}]`).replaceAll('[DOMAIN]', domain);
}
