/**
 * The seed article's diagnostic question, answered per source IP (and per sending domain) from
 * its Microsoft signals (signals.ts): "is Microsoft throttling because the IP is too new to trust,
 * or because the mailstream has negative signals?" - plus the third case the issue names, a
 * sending policy that makes it worse. Then the article's moves for that subject (moves.ts).
 *
 * Rules (thresholds from docs/receiver-model.md and the seed article; the same table is in
 * docs/diagnose.md):
 *
 * | signal | counts when | strong when | source |
 * |---|---|---|---|
 * | complaint rate (feeds, else SNDS) | >= 0.1 % | >= 0.3 % | practitioners: 0.1 % warning, 0.3 % action (docs/diagnose.md); w_c is tuned so 0.1 / 0.3 % map to Watch / Pause |
 * | unknown users / first attempts, all providers | >= 1 % | >= 3 % | reference audiences: engaged 0.2 %, average 1 %, bad 6 % (2.3) |
 * | SNDS trap hits | >= 1 | >= 1 | "a single trap hit can shift an IP from Green to Red" (receiver-model 2.3, `hTrap`) |
 * | SNDS filter result | yellow or red on >= half the rows, or any red | any red | colours: > 10 % / > 90 % spam verdicts (receiver-model 1 and 2.7) |
 * | deferrals in quiet hours (<= F0 = 20 attempts) | >= 15 % over >= 50 attempts | the same | stylized fact 13 (3): after backing off to 10/h a clean stream is < 2 % within 2 days, a bad one stays >= 15 % |
 * | median retry gap after a deferral | < 30 min, >= 50 retries | - | seed config retry_after_minutes: 30; 2.6: retrying a backlog in lock-step escalates to S3150 |
 * | block replies (S3150 / S3140 / 5.7.606) | >= 1 | - | M9: "S3150 is what you get when you don't slow down after seeing 4xx" |
 * | 4.7.652 connection limit | >= 1 % of attempts | - | connMin = 2 connections for a new IP (receiver-model 2.4) |
 * | 5.7.515 authentication | >= 1 | - | 5,000/day rule (1) |
 * | growth while deferring | >= 2 days with > 10 % more new mail after a day > 5 % deferred, the last day still > 5 % | - | seed: "freeze growth"; bands |
 * | sample | delivered / (delivered + n_half) < 0.5, n_half = 200,000 | - | confidence c (2.4) |
 *
 * Verdict, first match: fewer than 50 attempts: too little data; a strong stream signal, or two
 * stream signals (the first five rows): bad or risky stream; any policy signal (the next five):
 * policy problem; otherwise a new IP (low sample) when c < 0.5, else an established healthy IP
 * when its deferral rate is under 2 %, else (an established IP, a clean stream, deferring) a new
 * IP too: Microsoft treats a changed pattern as a small sample.
 */
import { MICROSOFT_PARAMS } from '../receivers/microsoft-params.ts';
import { QUIET_HOUR, type Signals } from './signals.ts';

export type Verdict = 'new-ip' | 'bad-stream' | 'policy' | 'healthy' | 'too-little-data';

export const VERDICT_TEXT: Readonly<Record<Verdict, string>> = {
  'new-ip': 'new IP, low sample: too new to trust at this rate (a small Microsoft history); the stream looks clean',
  'bad-stream': 'bad or risky stream: Microsoft sees negative signals in the mail itself',
  policy: 'policy problem: the way mail is sent (retries, growth, connections, authentication) provokes the throttling',
  healthy: 'established and healthy: no throttling to speak of',
  'too-little-data': 'too little Microsoft mail in the logs to judge',
};

interface Finding {
  /** Stream (negative signals in the mail), policy (how it is sent), or sample (volume history). */
  readonly kind: 'stream' | 'policy' | 'sample' | 'info';
  readonly strong: boolean;
  readonly text: string;
}

export interface Diagnosis {
  readonly signals: Signals;
  readonly verdict: Verdict;
  /** Confidence of the model's sample size: delivered / (delivered + n_half). */
  readonly sample: number;
  readonly findings: readonly Finding[];
}

export const T = {
  minAttempts: 50,
  complaint: 0.001,
  complaintStrong: 0.003,
  unknown: 0.01,
  unknownStrong: 0.03,
  quietDeferral: 0.15,
  quietMinAttempts: 50,
  retryGap: 30 * 60,
  minRetries: 50,
  connectionLimit: 0.01,
  growthDays: 2,
  deferring: 0.05,
  healthy: 0.02,
  nHalf: MICROSOFT_PARAMS.nHalf.default,
} as const;

const pct = (x: number) => `${(x * 100).toFixed(x < 0.01 ? 2 : 1)} %`;
const last = (xs: readonly number[]) => [...xs].reverse().find((x) => x === x) ?? NaN;
/** Deferred or blocked share of the last day with attempts. */
export const lastPushback = (s: Signals) => last(s.dailyRate) + (last(s.dailyBlockRate) || 0);

function streamFindings(s: Signals): Finding[] {
  const out: Finding[] = [];
  const fromFeeds = s.complaintRate === s.complaintRate;
  const cr = fromFeeds ? s.complaintRate : s.snds.complaintRate;
  if (cr === cr && cr >= T.complaint)
    out.push({
      kind: 'stream',
      strong: cr >= T.complaintStrong,
      text: `complaint rate ${pct(cr)} (${fromFeeds ? `${s.complaints} complaints in the feeds` : `SNDS, ${s.snds.rows} days`}) >= ${pct(T.complaint)}`,
    });
  const uu = s.allFirsts > 0 ? s.unknownUsers / s.allFirsts : 0;
  if (uu >= T.unknown)
    out.push({
      kind: 'stream',
      strong: uu >= T.unknownStrong,
      text: `unknown users ${pct(uu)} of new messages (${s.unknownUsers}) >= ${pct(T.unknown)}: stale addresses`,
    });
  if (s.snds.trapHits > 0) out.push({ kind: 'stream', strong: true, text: `${s.snds.trapHits} spam-trap hits in SNDS` });
  const tinted = s.snds.yellow + s.snds.red;
  if (s.snds.red > 0 || (s.snds.rows > 0 && tinted * 2 >= s.snds.rows))
    out.push({
      kind: 'stream',
      strong: s.snds.red > 0,
      text: `SNDS filter result yellow or red on ${tinted} of ${s.snds.rows} days (${s.snds.red} red): spam-folder placement`,
    });
  if (s.quietAttempts >= T.quietMinAttempts && s.quietRate >= T.quietDeferral)
    out.push({
      kind: 'stream',
      strong: true,
      text: `deferrals do not fall after backoff: ${pct(s.quietRate)} deferred in hours of <= ${QUIET_HOUR} attempts (${s.quietAttempts} attempts) >= ${pct(T.quietDeferral)}`,
    });
  return out;
}

function policyFindings(s: Signals): Finding[] {
  const out: Finding[] = [];
  const retries = s.attempts - s.dailyFirsts.reduce((a, b) => a + b, 0);
  if (retries >= T.minRetries && s.retryGapP50 < T.retryGap)
    out.push({
      kind: 'policy',
      strong: false,
      text: `retries too fast: median ${(s.retryGapP50 / 60).toFixed(1)} min from a deferral to the next attempt (< ${T.retryGap / 60} min); retries were ${pct(s.retryShare)} of attempts in deferring hours`,
    });
  if (s.blocks > 0)
    out.push({ kind: 'policy', strong: false, text: `${s.blocks} block replies (S3150/S3140): pressure kept up after 4xx deferrals` });
  if (s.attempts > 0 && s.connectionLimit / s.attempts >= T.connectionLimit)
    out.push({
      kind: 'policy',
      strong: false,
      text: `${s.connectionLimit} connection-limit replies (4.7.652), ${pct(s.connectionLimit / s.attempts)} of attempts: too many connections per IP`,
    });
  if (s.auth > 0)
    out.push({
      kind: 'policy',
      strong: false,
      text: `${s.auth} authentication rejections (5.7.515): over 5,000 a day the domain needs SPF, DKIM and aligned DMARC`,
    });
  if (s.growthWhileDeferring.length >= T.growthDays && lastPushback(s) > T.deferring)
    out.push({
      kind: 'policy',
      strong: false,
      text: `volume grew while deferring on ${s.growthWhileDeferring.length} days (days ${s.growthWhileDeferring.join(', ')}), still ${pct(lastPushback(s))} deferred or blocked on the last day`,
    });
  return out;
}

export function diagnose(s: Signals): Diagnosis {
  const sample = s.delivered / (s.delivered + T.nHalf);
  const stream = streamFindings(s);
  const policy = policyFindings(s);
  const info: Finding[] = [
    {
      kind: 'sample',
      strong: false,
      text: `${s.delivered} delivered to ${s.provider} over ${s.days} day(s): sample confidence ${sample.toFixed(2)} (${sample < 0.5 ? 'small' : 'established'})`,
    },
    {
      kind: 'info',
      strong: false,
      text: `deferral rate ${pct(s.deferralRate)} overall, ${pct(last(s.dailyRate))} on the last day${last(s.dailyBlockRate) > 0 ? ` (and ${pct(last(s.dailyBlockRate))} blocked)` : ''}${s.quietAttempts > 0 ? `; ${pct(s.quietRate)} in quiet hours (${s.quietAttempts} attempts)` : '; never backed off to a quiet hour'}`,
    },
  ];
  if (s.growthWhileDeferring.length > 0 && !policy.some((f) => f.text.startsWith('volume grew')))
    info.push({
      kind: 'info',
      strong: false,
      text: `volume grew while deferring on day(s) ${s.growthWhileDeferring.join(', ')}${lastPushback(s) <= T.deferring ? ' (since eased)' : ''}`,
    });
  const verdict: Verdict =
    s.attempts < T.minAttempts
      ? 'too-little-data'
      : stream.some((f) => f.strong) || stream.length >= 2
        ? 'bad-stream'
        : policy.length > 0
          ? 'policy'
          : sample < 0.5 || s.deferralRate >= T.healthy
            ? 'new-ip'
            : 'healthy';
  return { signals: s, verdict, sample, findings: [...stream, ...policy, ...info] };
}
