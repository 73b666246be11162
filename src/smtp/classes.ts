/**
 * Reply classes: what a reply means to a sender, independent of the provider's wording.
 * Modelled on KumoMTA's bounce classifier labels and sisimai's reasons, narrowed to what a
 * warm-up decision needs. `temporary` is the class's usual nature; a reply's own code decides
 * for that reply (a 4xx is always temporary, a 5xx never).
 */
export const REPLY_CLASSES = [
  'accepted',
  'throttle',
  'connection-limit',
  'server-busy',
  'block',
  'auth',
  'unknown-user',
  'mailbox-full',
  'greylist',
  'recipient-rate',
  'content',
  'other-temporary',
  'other-permanent',
] as const;

export type ReplyClass = (typeof REPLY_CLASSES)[number];

/** One line per class: meaning, and whether replies of the class are usually temporary. */
export const CLASS_INFO: Readonly<Record<ReplyClass, { temporary: boolean; meaning: string }>> = {
  accepted: { temporary: false, meaning: 'accepted for delivery (2xx)' },
  throttle: { temporary: true, meaning: 'rate limited for reputation or volume (4.7.650/651, Gmail 4.7.28, Yahoo TSS04, RP-001)' },
  'connection-limit': { temporary: true, meaning: 'too many connections or messages per connection (4.7.652, RP-003)' },
  'server-busy': { temporary: true, meaning: 'receiver load shedding (4.7.500 server busy, 4.7.700 PFA busy, 4.3.2)' },
  block: { temporary: false, meaning: 'IP, network or domain block (S3140/S3150, SC-00x, 5.7.606-649, TSS09, DNSBL)' },
  auth: { temporary: false, meaning: 'authentication requirements not met (5.7.515, Gmail 5.7.26, 4.7.27/30/40)' },
  'unknown-user': { temporary: false, meaning: 'recipient does not exist or is disabled (5.1.1, 5.5.0)' },
  'mailbox-full': { temporary: true, meaning: 'recipient over quota (4.2.2 / 5.2.2)' },
  greylist: { temporary: true, meaning: "greylisted: retry after the receiver's delay" },
  'recipient-rate': { temporary: true, meaning: 'one recipient receives too fast (Gmail 4.2.1, 5.2.121)' },
  content: { temporary: false, meaning: 'message content judged as spam' },
  'other-temporary': { temporary: true, meaning: 'any other 4xx' },
  'other-permanent': { temporary: false, meaning: 'any other 5xx' },
};
