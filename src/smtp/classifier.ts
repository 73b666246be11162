/**
 * Maps any reply text to one {@link ReplyClass} through a data table of rules (cf. KumoMTA's
 * `configure_bounce_classifier` rule files and its community `bounces.toml`), first match wins.
 * The table is ordered from specific to generic; the code-only fallbacks come last.
 * Sources of the wordings: docs/mta-behaviours.md, docs/receiver-model.md section 1, provider
 * postmaster pages (Microsoft OLC/EOP, Gmail, Yahoo), postgrey and Postfix defaults.
 */
import { CLASS_INFO, type ReplyClass } from './classes.ts';

export interface ClassifierRule {
  readonly cls: ReplyClass;
  readonly pattern: RegExp;
  /** Where the wording comes from. */
  readonly source: string;
}

const CLASSIFIER_RULES: readonly ClassifierRule[] = [
  { cls: 'accepted', pattern: /^2\d\d\b/, source: 'RFC 5321' },
  // authentication first: Gmail's auth deferrals also say "rate limited"
  { cls: 'auth', pattern: /\b5\.7\.515\b|required authentication level/i, source: 'Microsoft, 5 May 2025 rule' },
  {
    cls: 'auth',
    pattern: /\b[45]\.7\.(2[5-7]|29|3[02]|40)\b|sender is unauthenticated|authentication didn.t pass|DMARC policy is not set|PTR record/i,
    source: 'Gmail bulk sender rules',
  },
  { cls: 'greylist', pattern: /greylist/i, source: 'postgrey, milter-greylist' },
  {
    cls: 'connection-limit',
    pattern:
      /\b4\.7\.652\b|\bRP-003\b|maximum number of connections|too many (concurrent )?(smtp )?connections|exceeded the connection limit|max(imum)?( number of)? messages? per connection/i,
    source: 'Microsoft S3115, Postfix anvil, Yahoo',
  },
  {
    cls: 'block',
    pattern:
      /\b5\.7\.28\b|\bS31[45]0\b|part of their network is on our block list|\bSC-00\d\b|\b5\.7\.6(0[6-9]|[1-4]\d)\b|banned sending IP|\[TSS09\]|permanently deferred|blocked using|\[BL2\d\]|spamhaus|DNSBL|\b(DY|OU)-00\d\b|spam abuse detected|\b5\.7\.511\b|very low reputation of the sending domain/i,
    source: 'Microsoft OLC/EOP, Yahoo, Spamhaus',
  },
  {
    cls: 'throttle',
    pattern:
      /\b4\.7\.65[01]\b|temporarily rate limited|\b4\.7\.28\b|unusual rate of unsolicited mail|\[TSS?0[1-4]\]|\bRP-00[12]\b|\b4\.7\.550\b|too much mail from|rate limit(ed)? exceeded|\bRL0000/i,
    source: 'Microsoft S775, Gmail, Yahoo, Comcast, Postfix',
  },
  {
    cls: 'server-busy',
    pattern:
      /\b4\.7\.500\b|server busy|\b4\.7\.700\b|PFA agent busy|\b4\.3\.[12]\b|temporary server error|resources temporarily unavailable|insufficient system (storage|resources)/i,
    source: 'Microsoft EOP, RFC 3463',
  },
  {
    cls: 'recipient-rate',
    pattern: /\b4\.2\.1\b|\b5\.2\.121\b|too many recent messages|receiving mail at a rate/i,
    source: 'Gmail, Microsoft',
  },
  { cls: 'mailbox-full', pattern: /\b[45]\.2\.2\b|over quota|mailbox (is )?full|quota exceeded/i, source: 'RFC 3463' },
  {
    cls: 'unknown-user',
    pattern:
      /\b5\.1\.1\b|\b5\.5\.0\b.*mailbox unavailable|user unknown|does not exist|doesn.t have an? .* account|no such user|\b5\.4\.1\b.*Access denied|mailbox (is )?disabled|account .*is disabled/i,
    source: 'RFC 3463, Microsoft, Gmail, Yahoo',
  },
  {
    cls: 'content',
    pattern: /likely unsolicited mail|spam content|content filter|rejected as spam|message (blocked|rejected) .*spam/i,
    source: 'Gmail, filtering gateways',
  },
  { cls: 'other-temporary', pattern: /^4\d\d\b/, source: 'RFC 5321' },
  { cls: 'other-permanent', pattern: /^5\d\d\b/, source: 'RFC 5321' },
];

/** The class of a reply text (full line, starting with the 3-digit code). */
export function classify(text: string, rules: readonly ClassifierRule[] = CLASSIFIER_RULES): ReplyClass {
  const line = text.trim();
  for (const r of rules) if (r.pattern.test(line)) return r.cls;
  return 'other-permanent';
}

/** Whether a reply is temporary: by its code when it has one (4xx), else by its class. */
export function isTemporary(text: string, cls: ReplyClass): boolean {
  const m = /^([245])\d\d/.exec(text.trim());
  if (m) return m[1] === '4';
  return CLASS_INFO[cls].temporary;
}
