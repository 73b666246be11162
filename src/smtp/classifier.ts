/**
 * Maps any reply text to one {@link ReplyClass} through a data table of rules (cf. KumoMTA's
 * `configure_bounce_classifier` rule files and its community `bounces.toml`), first match wins.
 * The table is ordered from specific to generic; the code-only fallbacks come last.
 * Sources of the wordings: docs/mta-behaviours.md, docs/receiver-model.md section 1, provider
 * postmaster pages (Microsoft OLC/EOP, Gmail, Yahoo), postgrey and Postfix defaults; European
 * providers: Orange / La Poste's OFR_nnn and LPNnnn_nnn codes (postmaster.orange.fr, as sisimai's
 * FrancePTT table maps them), Free (postmaster.free.fr), GMX / WEB.DE (United Internet's postmaster
 * error pages), T-Online (postmaster.t-online.de: BL, NOWL, DIAL), Italiaonline (libero.it),
 * Cloudmark CSI and Proofpoint blocks, wp.pl / o2.pl's Polish spam rejection. The reply must be a
 * reply (reply-forms.ts finds it in log lines and bounces first).
 */
import { CLASS_INFO, type ReplyClass } from './classes.ts';

export interface ClassifierRule {
  readonly cls: ReplyClass;
  readonly pattern: RegExp;
  /** Where the wording comes from. */
  readonly source: string;
}

/** Orange and La Poste end their replies with a code whose last three digits say why (OFR006_102, OFR_999, LPN007_510). */
const ORANGE = String.raw`\b(?:OFR|LPN)[A-Z\d]*_`;

const CLASSIFIER_RULES: readonly ClassifierRule[] = [
  { cls: 'accepted', pattern: /^2\d\d\b/, source: 'RFC 5321' },
  // Orange / La Poste codes first: the same French text ("Service refuse") means a block, a rate limit or an outage
  { cls: 'throttle', pattern: new RegExp(`${ORANGE}99\\d\\b`), source: 'Orange OFR_999: rate limited for behaviour' },
  { cls: 'connection-limit', pattern: new RegExp(`${ORANGE}10[49]\\b`), source: 'Orange 104 connections, 109 messages per connection' },
  { cls: 'auth', pattern: new RegExp(`${ORANGE}(?:107|39\\d|401|51[579])\\b`), source: 'Orange 107 PTR, 39x/519 SPF, 515/517 DMARC' },
  { cls: 'unknown-user', pattern: new RegExp(`${ORANGE}416\\b`), source: 'Orange 416 invalid recipient' },
  { cls: 'mailbox-full', pattern: new RegExp(`${ORANGE}417\\b`), source: 'Orange 417 recipient over quota' },
  { cls: 'server-busy', pattern: new RegExp(`${ORANGE}505\\b`), source: 'Orange 505 system error' },
  { cls: 'content', pattern: new RegExp(`${ORANGE}506\\b`), source: 'Orange 506 suspected spam' },
  {
    cls: 'block',
    pattern: new RegExp(`${ORANGE}(?:10[0-3]|20\\d|510|630)\\b`),
    source: 'Orange 100-103 RBL / Orange blacklist, 20x HELO, 510',
  },
  // authentication first: Gmail's auth deferrals also say "rate limited"
  { cls: 'auth', pattern: /\b5\.7\.515\b|required authentication level/i, source: 'Microsoft, 5 May 2025 rule' },
  {
    cls: 'auth',
    pattern:
      /\b[45]\.7\.(2[5-7]|29|3[02]|40)\b|sender is unauthenticated|authentication didn.t pass|DMARC policy is not set|PTR (resource )?record|verification DMARC en echec/i,
    source: 'Gmail bulk sender rules, GMX / WEB.DE rdns, La Poste DMARC',
  },
  { cls: 'greylist', pattern: /greylist/i, source: 'postgrey, milter-greylist' },
  {
    cls: 'connection-limit',
    pattern:
      /\b4\.7\.652\b|\bRP-003\b|maximum number of connections|too many (concurrent )?(smtp )?connections|exceeded the connection limit|max(imum)?( number of)? messages? per connection|trop de connexions/i,
    source: 'Microsoft S3115, Postfix anvil, Yahoo, Orange',
  },
  {
    cls: 'block',
    pattern:
      /\b5\.7\.28\b|\bS31[45]0\b|part of their network is on our block list|\bSC-00\d\b|\b5\.7\.6(0[6-9]|[1-4]\d)\b|banned sending IP|\[TSS09\]|permanently deferred|blocked using|\[BL2\d\]|spamhaus|DNSBL|\b(DY|OU)-00\d\b|spam abuse detected|\b5\.7\.511\b|very low reputation of the sending domain/i,
    source: 'Microsoft OLC/EOP, Yahoo, Spamhaus',
  },
  {
    cls: 'block',
    pattern:
      /\b(black|block)[ -]?listed\b|adresse IP source bloquee|too many (spams|errors) from your IP|Reject due to policy restrictions|Nemesis ESMTP Service not available|\((BL|NOWL|DIAL)\)|Dialup\/transient IP|None\/bad reputation|\bis in RBL\b|csi\.cloudmark\.com|ipcheck\.proofpoint\.com|sending MTA's poor reputation/i,
    source: 'Orange, Free, GMX / WEB.DE, T-Online, Italiaonline, Ziggo, Cloudmark, Proofpoint',
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
      /\b4\.7\.500\b|server busy|requested action aborted|\b4\.7\.700\b|PFA agent busy|\b4\.3\.[12]\b|temporary server error|resources temporarily unavailable|insufficient system (storage|resources)/i,
    source: 'Microsoft EOP, RFC 3463, RFC 5321 451/452 texts',
  },
  {
    cls: 'recipient-rate',
    pattern: /\b4\.2\.1\b|\b5\.2\.121\b|too many recent messages|receiving mail at a rate/i,
    source: 'Gmail, Microsoft',
  },
  {
    cls: 'mailbox-full',
    pattern: /\b[45]\.2\.2\b|over ?quota|mailbox (is )?full|quota exceeded|boite du destinataire pleine/i,
    source: 'RFC 3463, Orange',
  },
  {
    cls: 'unknown-user',
    pattern:
      /\b5\.1\.1\b|\b5\.5\.0\b.*mailbox unavailable|user unknown|does not exist|doesn.t have an? .* account|no such user|\b5\.4\.1\b.*Access denied|mailbox (is )?disabled|account .*is disabled|destinataire invalide/i,
    source: 'RFC 3463, Microsoft, Gmail, Yahoo, Orange',
  },
  {
    cls: 'content',
    pattern:
      /likely unsolicited mail|spam content|content filter|rejected (as|per) spam|message (blocked|rejected) .*spam|\bspam detected\b|odrzucona przez system antyspamowy/i,
    source: 'Gmail, filtering gateways, SFR, Free, wp.pl / o2.pl',
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
