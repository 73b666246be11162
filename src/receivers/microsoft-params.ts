/**
 * Parameters of the Microsoft (Outlook.com) model, docs/receiver-model.md 2.8 (docs/parameters.md
 * lists every entry, generated from this table). Units: hours for rates and heat, days for
 * half-lives, messages for evidence.
 */
import type { ParamTable } from './params.ts';

export const MICROSOFT_PARAMS = {
  F0: { default: 20, doc: 'new-IP floor, messages/hour/IP', evidence: '[model, seed] initial_rate_per_ip_per_hour: 20' },
  kNew: {
    default: 1.8,
    doc: 'headroom over history for a new IP: today may exceed the established hourly rate by this factor (doubling does not fit)',
    evidence: '[model] "doubling could result in rate limiting" (Gmail); ESP ramps of x1.4-1.6 a day work',
  },
  kEst: { default: 6, doc: 'headroom over history for an established IP', evidence: '[model] established IPs absorb campaign bursts' },
  nHalf: {
    default: 200_000,
    doc: 'delivered messages (decayed) at which confidence is 1/2: headroom grows from kNew to kEst and connections from connMin to connMax with it',
    evidence: '[seed, model] 500/day for a month is still "small"; a daily doubling must not fit a new IP within its first weeks',
  },
  tauB: {
    default: 72,
    doc: "hours: how fast volume history B fades: a sending day's rate per active hour is held, then fades by e^(-24/tauB) a day (x0.1 a week idle)",
    evidence: '[MS-doc "a couple of weeks", practitioner "3-4 weeks"; amendment Dec 2026: idle hours do not count]',
  },
  bucketHours: {
    default: 0.25,
    doc: 'token bucket depth in hours of capacity',
    evidence: '[seed, model] throttling reacts to hourly bursts',
  },
  bucketMin: { default: 3, doc: 'minimum bucket depth, messages', evidence: '[model]' },
  phi: { default: 0.2, doc: 'debt per rejected attempt, tokens (floor -D)', evidence: '[seed] retries consume capacity' },
  tauH: { default: 6, doc: 'hours: heat decay time constant', evidence: '[MS-staff M9, model]' },
  hBlock: {
    default: 48,
    doc: 'heat (capacity-hours) that triggers an S3150 block',
    evidence: '[MS-staff M9] "S3150 is what you get when you don\'t slow down after seeing 4xx"',
  },
  halfLife: { default: 14, doc: 'days: half-life of evidence P, N, n', evidence: '[practitioner] long memory, recovery takes weeks' },
  k0: { default: 200, doc: 'prior strength of an IP, message-equivalents', evidence: '[model]' },
  k0Dom: { default: 300, doc: 'prior strength of a domain', evidence: '[model]' },
  k0Net: { default: 1000, doc: 'prior strength of a /24', evidence: '[model]' },
  pi0: { default: 0.5, doc: 'neutral prior trust', evidence: '[model]' },
  lambdaD: {
    default: 0.5,
    doc: "weight of domain trust in a new IP's prior",
    evidence: "[MS-doc] new IPs inherit some of the domain's reputation",
  },
  lambdaN: { default: 0.2, doc: "weight of /24 trust in an IP's prior", evidence: '[research] neighbourhood' },
  omegaD: { default: 0.3, doc: 'ongoing domain contagion in T_eff', evidence: '[model]' },
  omegaN: { default: 0.1, doc: 'ongoing /24 contagion in T_eff', evidence: '[model]' },
  wEng: { default: 1, doc: 'positive evidence per engagement', evidence: '[model]' },
  wInact: { default: 0.1, doc: 'negative evidence per message with no engagement in 72 h', evidence: '[model]' },
  wC: { default: 200, doc: 'negative evidence per complaint', evidence: '[MS-doc] complaints are the principal factor' },
  nShrink: {
    default: 2000,
    doc: 'delivered messages (decayed) at which a complaint weighs half of wC (wC·n/(n + nShrink)): small samples shrink toward the prior',
    evidence: "[model; amendment Dec 2026] a single event must not decide a fresh IP's fate",
  },
  wU: { default: 4, doc: 'negative evidence per unknown user', evidence: '[model]' },
  wTrap: { default: 400, doc: 'negative evidence per spam-trap hit', evidence: '[practitioner]' },
  pMax: { default: 0.9, doc: 'maximum reputation deferral probability', evidence: '[seed] bad streams stay >= 15 % deferred' },
  tMid: { default: 0.2, doc: 'trust at which p_rep = pMax / 2', evidence: '[seed, model]' },
  s: { default: 0.04, doc: 'width of the p_rep sigmoid', evidence: '[model]' },
  tLo: { default: 0.3, doc: 'no capacity growth below this trust', evidence: '[model]' },
  tHi: { default: 0.6, doc: 'full capacity growth from this trust', evidence: '[model]' },
  tBlock: { default: 0.12, doc: 'an IP whose own trust falls below this is blocked ...', evidence: '[model]' },
  nBlock: { default: 1000, doc: '... once it has delivered this many (decayed) messages', evidence: '[model]' },
  hTrap: { default: 16, doc: 'heat per trap hit', evidence: '[practitioner] a single trap hit can shift an IP within hours' },
  hRep: { default: 0.5, doc: 'heat per reputation deferral, in capacity-hours x Cap', evidence: '[model]' },
  hConn: { default: 0.25, doc: 'heat per refused extra connection, x Cap', evidence: '[model]' },
  fDom: { default: 100, doc: 'new-domain floor, messages/hour', evidence: '[model; RP-001 mentions domain]' },
  nHalfDom: {
    default: 200_000,
    doc: 'domain confidence half point',
    evidence: '[model] a new domain cannot multiply the per-IP floor by adding IPs',
  },
  blockBaseHours: {
    default: 24,
    doc: 'first block duration, hours (doubling per repeat within 30 days)',
    evidence: '[practitioner] delist 24-48 h',
  },
  blockCapDays: { default: 7, doc: 'longest block, days', evidence: '[model]' },
  banAfter: { default: 3, doc: 'blocks within 30 days that lead to a 5.7.606 ban', evidence: '[research PreSTA: relisting common]' },
  netBlockHours: { default: 24, doc: '/24 (S3140) block duration, hours', evidence: '[model]' },
  connMin: { default: 2, doc: 'concurrent connections allowed for a new IP', evidence: '[seed] max_connections_per_ip: 2' },
  connMax: { default: 10, doc: 'concurrent connections allowed for an established IP', evidence: '[model; KumoMTA Outlook default 5]' },
  connSender: { default: 500, doc: 'concurrent connections per sender', evidence: '[MS-doc M1] 500 simultaneous connections' },
  authVolume: {
    default: 5000,
    doc: 'messages per rolling 24 h above which full authentication is required',
    evidence: '[MS-doc] 5,000/day rule',
  },
  authEnforcement: { default: '2025-05-05', doc: 'date from which 550 5.7.515 is enforced', evidence: '[MS-doc]' },
  junkMid: { default: 0.35, doc: 'trust at which half the mail goes to junk', evidence: '[model]' },
  junkS: { default: 0.05, doc: 'width of the junk sigmoid', evidence: '[model]' },
  sndsMinVolume: {
    default: 100,
    doc: 'accepted messages an IP-day needs to appear in the daily report',
    evidence: '[practitioner] SNDS shows IPs with ~100 messages/day',
  },
  mode: {
    default: 'random',
    doc: '"random" (counter-based draws) or "expected" (error diffusion, no draws: flake-free tests)',
    evidence: '[model]',
  },
  texts: { default: 'outlook', doc: '"outlook" (OLC codes) or "m365" (Exchange Online Protection codes)', evidence: '[MS-doc M7]' },
} as const satisfies ParamTable;
