/**
 * The evidence the diagnosis rests on (diagnose.ts), measured from the logs for one subject (a
 * source IP, or a sending domain) at one provider (Microsoft, the seed article's case): volumes,
 * the deferral rate per day and in quiet hours, the retry pattern, growth while deferring,
 * connection-limit, authentication and block replies, list quality over all providers (unknown
 * users), and complaint and trap data (complaint feeds, SNDS rows). Pure arithmetic over
 * LogFacts; the thresholds live in diagnose.ts.
 */
import { quantile } from '../metrics/histogram.ts';
import { MICROSOFT_PARAMS } from '../receivers/microsoft-params.ts';
import { CLASS_FIELD, F } from './hour-series.ts';
import type { Cell, LogFacts } from './facts.ts';
import { daily, hourly, spanOf } from './log-metrics.ts';

/** An hour is quiet when the subject made at most this many attempts to the provider (the model's new-IP floor F0 per hour). */
export const QUIET_HOUR = MICROSOFT_PARAMS.F0.default;

export interface Signals {
  readonly subject: string;
  readonly kind: 'ip' | 'domain';
  readonly provider: string;
  /** Unix day of day 0 and days covered (of the whole logs). */
  readonly day0: number;
  readonly days: number;
  readonly attempts: number;
  readonly delivered: number;
  readonly deferred: number;
  readonly throttled: number;
  readonly connectionLimit: number;
  readonly blocks: number;
  readonly auth: number;
  /** 4xx / attempts at the provider, overall and per day (NaN on days without attempts). */
  readonly deferralRate: number;
  readonly dailyRate: readonly number[];
  /** Block replies / attempts per day (a blocked IP defers nothing: its 550s are the pushback). */
  readonly dailyBlockRate: readonly number[];
  readonly dailyAttempts: readonly number[];
  readonly dailyDelivered: readonly number[];
  readonly dailyFirsts: readonly number[];
  /** Deferral rate over quiet hours (<= QUIET_HOUR attempts, >= 1), and their attempts. */
  readonly quietRate: number;
  readonly quietAttempts: number;
  /** Median and 10th percentile of the time from a deferral to the next attempt (s); NaN without retries. */
  readonly retryGapP50: number;
  readonly retryGapP10: number;
  /** Retries / attempts at the provider in hours with any deferral; hours where retries outnumbered new mail (>= 10 retries). */
  readonly retryShare: number;
  readonly retrySpikeHours: number;
  /** Days d whose new mail grew > 10 % over day d-1 while day d-1 deferred > 5 % (indexes from day 0). */
  readonly growthWhileDeferring: readonly number[];
  /** Median accepted per hour in hours deferring > 5 % (what the provider let through); NaN if none. Peak accepted per hour. */
  readonly acceptedWhenDeferring: number;
  readonly peakAcceptedPerHour: number;
  /** Over all providers: first attempts and unknown-user replies (list quality). */
  readonly allFirsts: number;
  readonly unknownUsers: number;
  /** Complaints in the feeds about this subject (any provider) and per delivered message (NaN without feeds). */
  readonly complaints: number;
  readonly complaintRate: number;
  /**
   * SNDS (of the IP, or of the IPs a domain sent from): rows; DATA-weighted complaint rate from each row's lower bound ("< 0.1%" counts
   * 0), NaN without rows; rows showing >= 0.1 %; trap hits; colours.
   */
  readonly snds: { rows: number; complaintRate: number; warnRows: number; trapHits: number; green: number; yellow: number; red: number };
}

const sum = (a: readonly number[]) => a.reduce((x, y) => x + y, 0);

function median(xs: number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Signals of every subject of a kind at `provider`, ordered by subject. */
export function signalsOf(f: LogFacts, kind: 'ip' | 'domain', provider = 'microsoft', hasFeeds = false): Signals[] {
  const table = kind === 'ip' ? f.byIp : f.byDomain;
  const subjects = [...new Set([...table.values()].filter((c) => c.provider === provider).map((c) => c.who))].sort();
  return subjects.map((s) => signals(f, kind, s, provider, hasFeeds));
}

function signals(f: LogFacts, kind: 'ip' | 'domain', subject: string, provider: string, hasFeeds: boolean): Signals {
  const { day0, days, hours, hour0 } = spanOf(f);
  const table = kind === 'ip' ? f.byIp : f.byDomain;
  const mine = [...table.values()].filter((c) => c.who === subject);
  const at = mine.filter((c) => c.provider === provider);
  const h = (field: number, cells: readonly Cell[] = at) => hourly(cells, field, hour0, hours);
  const att = h(F.attempts),
    def = h(F.deferred),
    acc = h(F.delivered),
    firsts = h(F.firsts),
    retries = h(F.retries);
  const dAtt = daily(att),
    dDef = daily(def),
    dFirst = daily(firsts);
  const dailyRate = dAtt.map((a, d) => (a > 0 ? dDef[d]! / a : NaN));
  const dBlk = daily(h(CLASS_FIELD.block));
  const dailyBlockRate = dAtt.map((a, d) => (a > 0 ? dBlk[d]! / a : NaN));
  let quietA = 0,
    quietD = 0,
    defHoursAtt = 0,
    defHoursRetries = 0,
    spikes = 0;
  const acceptedDeferring: number[] = [];
  for (let i = 0; i < hours; i++) {
    const a = att[i]!;
    if (a >= 1 && a <= QUIET_HOUR) {
      quietA += a;
      quietD += def[i]!;
    }
    if (def[i]! > 0) {
      defHoursAtt += a;
      defHoursRetries += retries[i]!;
    }
    if (retries[i]! >= 10 && retries[i]! > firsts[i]!) spikes++;
    if (a > 0 && def[i]! / a > 0.05) acceptedDeferring.push(acc[i]!);
  }
  const growth: number[] = [];
  for (let d = 1; d < days; d++) if (dailyRate[d - 1]! > 0.05 && dFirst[d]! > 1.1 * dFirst[d - 1]! && dFirst[d]! > 0) growth.push(d);
  const gaps = new Float64Array(at[0]?.retryGaps.length ?? 0);
  for (const c of at) c.retryGaps.forEach((x, i) => (gaps[i]! += x));
  const gapMax = Number.MAX_VALUE;
  const complaints = sum(h(F.complaints, mine));
  const delivered = sum(acc);
  const allDelivered = sum(h(F.delivered, mine));
  return {
    subject,
    kind,
    provider,
    day0,
    days,
    attempts: sum(att),
    delivered,
    deferred: sum(def),
    throttled: sum(h(CLASS_FIELD.throttle)),
    connectionLimit: sum(h(CLASS_FIELD['connection-limit'])),
    blocks: sum(h(CLASS_FIELD.block)),
    auth: sum(h(CLASS_FIELD.auth)),
    deferralRate: sum(att) > 0 ? sum(def) / sum(att) : 0,
    dailyRate,
    dailyBlockRate,
    dailyAttempts: dAtt,
    dailyDelivered: daily(acc),
    dailyFirsts: dFirst,
    quietRate: quietA > 0 ? quietD / quietA : NaN,
    quietAttempts: quietA,
    retryGapP50: gaps.length > 0 ? quantile(gaps, 0, 0.5, gapMax) : NaN,
    retryGapP10: gaps.length > 0 ? quantile(gaps, 0, 0.1, gapMax) : NaN,
    retryShare: defHoursAtt > 0 ? defHoursRetries / defHoursAtt : 0,
    retrySpikeHours: spikes,
    growthWhileDeferring: growth,
    acceptedWhenDeferring: median(acceptedDeferring),
    peakAcceptedPerHour: Math.max(0, ...acc),
    allFirsts: sum(h(F.firsts, mine)),
    unknownUsers: sum(h(CLASS_FIELD['unknown-user'], mine)),
    complaints,
    complaintRate: hasFeeds ? complaints / Math.max(1, allDelivered) : NaN,
    snds: sndsOf(f, kind === 'ip' ? new Set([subject]) : (f.domainIps.get(subject) ?? new Set())),
  };
}

/** SNDS rows of some IPs together (a domain's: the IPs it sent from). */
function sndsOf(f: LogFacts, ips: ReadonlySet<string>): Signals['snds'] {
  let rows = 0,
    data = 0,
    complaints = 0,
    warnRows = 0,
    traps = 0,
    green = 0,
    yellow = 0,
    red = 0;
  for (const r of f.snds) {
    if (!ips.has(r.ip)) continue;
    rows++;
    if (r.complaintLow === r.complaintLow) {
      data += r.dataCommands;
      complaints += r.complaintLow * r.dataCommands;
      if (r.complaintLow >= 0.001) warnRows++;
    }
    traps += r.trapHits === r.trapHits ? r.trapHits : 0;
    if (r.filter === 'GREEN') green++;
    else if (r.filter === 'YELLOW') yellow++;
    else if (r.filter === 'RED') red++;
  }
  return { rows, complaintRate: data > 0 ? complaints / data : NaN, warnRows, trapHits: traps, green, yellow, red };
}
