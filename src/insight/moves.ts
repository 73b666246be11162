/**
 * The seed article's moves for one diagnosed subject, as a concrete list (its flowchart: freeze
 * growth, lower the hourly rate, stretch retries, tighten the audience, review evidence; and
 * "when to contact Microsoft": the stream is clean, authentication passes, deferrals continue
 * across multiple days, the IPs are part of a planned warm-up). Numbers come from the logs:
 * - hourly rate: the median number of messages Microsoft accepted per hour in the hours it
 *   deferred more than 5 % (what its bucket let through, receiver-model 2.4: Cap), never above
 *   the seed config's initial_rate_per_ip_per_hour (20) for a subject without such hours;
 * - retry interval: at least 30 minutes (retry_after_minutes: 30), 2 hours after blocks
 *   (receiver-model 2.9: fixed retries of 120 min on a burst did not block, 60 min did);
 * - freeze: until the rate stays in the Healthy band (< 2 %) for 24 hours (increase_after_clean_hours: 24).
 */
import { T, lastPushback, type Diagnosis } from './diagnose.ts';

export interface Move {
  readonly move: 'freeze growth' | 'hourly rate' | 'retry interval' | 'audience' | 'contact Microsoft';
  /** Act (true) or keep as is (false). */
  readonly act: boolean;
  readonly text: string;
}

const SEED_RATE = 20;
const STRETCH = 30 * 60;
const AFTER_BLOCKS = 2 * 3600;
/** Deferrals "continue across multiple days": this many days deferring > 2 %, the last day among them. */
const CONTACT_DAYS = 3;

const lastOf = (xs: readonly number[]) => {
  for (let i = xs.length - 1; i >= 0; i--) if (xs[i] === xs[i]) return i;
  return -1;
};

export function movesOf(d: Diagnosis): Move[] {
  const s = d.signals;
  const li = lastOf(s.dailyRate);
  const lastRate = li < 0 ? 0 : lastPushback(s);
  const stream = d.findings.filter((f) => f.kind === 'stream');
  const out: Move[] = [];
  const freeze = lastRate > T.healthy || d.verdict === 'bad-stream' || d.verdict === 'policy';
  let level = 0;
  for (let i = s.dailyFirsts.length - 1; i >= 0 && level === 0; i--) level = s.dailyFirsts[i]!;
  out.push({
    move: 'freeze growth',
    act: freeze,
    text: freeze
      ? `hold new ${s.provider} mail at or below ${level} a day (the last day with new mail) until the deferral rate stays under 2 % for 24 hours (last day ${(lastRate * 100).toFixed(1)} % deferred or blocked)`
      : `no: the last day's deferral rate ${(lastRate * 100).toFixed(1)} % is in the Healthy band; continue the current pace`,
  });
  const rate = s.acceptedWhenDeferring === s.acceptedWhenDeferring ? Math.max(1, Math.floor(s.acceptedWhenDeferring)) : NaN;
  out.push({
    move: 'hourly rate',
    act: rate === rate,
    text:
      rate === rate
        ? `lower the hourly ${s.provider} rate to about ${rate} per hour (what was accepted per hour while deferring > 5 %; peak accepted ${s.peakAcceptedPerHour}/h), paced evenly`
        : `keep pacing evenly at or below ${Math.max(SEED_RATE, s.peakAcceptedPerHour)} per hour (no hour deferred more than 5 %)`,
  });
  const blocked = s.blocks > 0;
  const target = blocked ? AFTER_BLOCKS : STRETCH;
  const fast = s.retryGapP50 === s.retryGapP50 && s.retryGapP50 < target;
  out.push({
    move: 'retry interval',
    act: fast,
    text: fast
      ? `stretch retries of deferred mail to at least ${target / 60} minutes (median now ${(s.retryGapP50 / 60).toFixed(0)} min${blocked ? '; blocks seen' : ''})`
      : s.retryGapP50 === s.retryGapP50
        ? `keep: the median retry gap is ${(s.retryGapP50 / 60).toFixed(0)} minutes`
        : 'keep: no retries seen',
  });
  out.push({
    move: 'audience',
    act: stream.length > 0,
    text:
      stream.length > 0
        ? `tighten: send ${s.provider} mail only to recipients with recent opens, clicks, replies or logins; suppress the ${s.unknownUsers} unknown users and every complainer (${stream.map((f) => f.text.split(':')[0]).join('; ')})`
        : 'keep: complaints, unknown users and SNDS show no negative signal',
  });
  out.push(contact(d, li));
  return out;
}

/** The article's condition for asking Microsoft for warming assistance. */
function contact(d: Diagnosis, li: number): Move {
  const s = d.signals;
  const deferringDays = s.dailyRate.filter((x) => x > T.healthy).length;
  const lastDeferring = li >= 0 && s.dailyRate[li]! > T.healthy;
  const why: string[] = [];
  if (d.findings.some((f) => f.kind === 'stream')) why.push('the stream is not clean');
  if (s.auth > 0) why.push('authentication fails (5.7.515)');
  if (deferringDays < CONTACT_DAYS || !lastDeferring)
    why.push(`deferrals have not continued across ${CONTACT_DAYS} days up to the last one (${deferringDays} day(s) over 2 %)`);
  if (d.verdict === 'policy') why.push('fix the sending policy first');
  return why.length === 0
    ? {
        move: 'contact Microsoft',
        act: true,
        text: 'yes, if these IPs are part of a planned warm-up: ask for proactive warming assistance with the evidence pack (warmup-sim evidence-pack)',
      }
    : { move: 'contact Microsoft', act: false, text: `not yet: ${why.join('; ')}` };
}
