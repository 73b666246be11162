/**
 * Retry schedules as data, each a pure function of the message's history. Sources:
 * - exponential: KumoMTA `retry_interval` (default 20 min) doubling per attempt
 *   (`delay = retry_interval * 2^n`, n = attempts so far minus one), capped by
 *   `max_retry_interval`, jitter uniform in +-min(interval/20, 60 s)/2, `max_age` 7 d
 *   (crates/kumod/src/queue/config.rs). Momentum uses the same family.
 * - postfix: `delay = clamp(now - created, minimal_backoff_time 300 s, maximal_backoff_time 4000 s)`
 *   in whole seconds (qmgr sets the queue file's mtime to event_time() + delay, both time_t), picked
 *   up only at the first deferred-queue scan (`queue_run_delay` 300 s) whose time() has reached it,
 *   lifetime 5 d (qmgr_active.c, postconf.proto): an attempt that ends just after a whole second
 *   counts its age from the second before.
 * - exim: rules "F,2h,15m; G,16h,1h,1.5; F,4d,6h" whose cutoffs are measured from the *first
 *   failure*, scanned in order until one whose cutoff has not passed; F fixed, G geometric, H
 *   randomised geometric; past the last cutoff the message bounces (spec.xfpt "Retry parameters").
 * - list: explicit intervals; Haraka `temp_fail_intervals` ("1m, 5m*2, 1h*3", bounce when
 *   exhausted) or PowerMTA `retry-after a,b,c` (repeat the last).
 * - fixed: one interval (PowerMTA `retry-after 10m`, the naive sender).
 * Every family also honours `maxAge` (seconds since injection): a retry due later expires.
 */
import { parseDuration } from '../../spec/units.ts';
import { GIVE_UP, type MessageView } from '../../contracts/policy.ts';

export { GIVE_UP };

export interface EximRule {
  readonly algo: 'F' | 'G' | 'H';
  /** Seconds since the first failure up to which this rule applies. */
  readonly cutoff: number;
  readonly interval: number;
  readonly multiplier: number;
}

export type RetrySchedule =
  | {
      readonly kind: 'exponential';
      readonly base: number;
      readonly factor: number;
      readonly max: number;
      readonly jitter: boolean;
      readonly maxAge: number;
    }
  | {
      readonly kind: 'postfix';
      readonly minBackoff: number;
      readonly maxBackoff: number;
      readonly queueRunDelay: number;
      readonly maxAge: number;
    }
  | { readonly kind: 'exim'; readonly rules: readonly EximRule[]; readonly queueRunInterval: number; readonly maxAge: number }
  | { readonly kind: 'list'; readonly intervals: readonly number[]; readonly repeatLast: boolean; readonly maxAge: number }
  | { readonly kind: 'fixed'; readonly interval: number; readonly maxAge: number };

/**
 * What a schedule may look at: the message's own history as the MTA knows it ({@link MessageView}'s
 * attempts, injection and first-failure times, last delay), never receiver state; plus the time and
 * a uniform draw in [0, 1) for jitter and randomised rules.
 */
export interface RetryContext extends Pick<MessageView, 'attempts' | 'injectedAt' | 'firstFailAt' | 'lastDelay'> {
  readonly now: number;
  readonly u: number;
}

/** A RetryContext a policy fills in place before each call (one per policy, no allocation per retry). */
export class RetryState implements RetryContext {
  attempts = 0;
  injectedAt = 0;
  firstFailAt = 0;
  lastDelay = 0;
  now = 0;
  u = 0.5;
}

/** Delay in seconds until the next attempt, or GIVE_UP. Does not apply maxAge (see nextAttemptAt). */
export function retryDelay(s: RetrySchedule, c: RetryContext): number {
  switch (s.kind) {
    case 'exponential': {
      const raw = s.base * Math.pow(s.factor, Math.max(0, c.attempts - 1));
      const d = s.max > 0 ? Math.min(raw, s.max) : raw;
      if (!s.jitter) return d;
      const mag = Math.min(s.base / 20, 60);
      return Math.max(0, d + (c.u - 0.5) * mag);
    }
    case 'postfix': {
      // whole seconds, as qmgr sets the queue file's mtime: event_time() + clamp(age), time_t
      const now = Math.floor(c.now);
      const d = Math.min(Math.max(now - Math.floor(c.injectedAt), s.minBackoff), s.maxBackoff);
      // picked up by the first deferred-queue scan (every queue_run_delay) whose time() reached the mtime
      return Math.ceil((now + d) / s.queueRunDelay) * s.queueRunDelay - c.now;
    }
    case 'exim': {
      const since = c.now - c.firstFailAt;
      const rule = s.rules.find((r) => since < r.cutoff);
      if (rule === undefined) return GIVE_UP;
      let d: number;
      if (rule.algo === 'F') d = rule.interval;
      else {
        const prev = c.lastDelay > 0 ? c.lastDelay * rule.multiplier : rule.interval;
        const geometric = Math.max(rule.interval, prev);
        d = rule.algo === 'G' ? geometric : rule.interval + c.u * (geometric - rule.interval);
      }
      if (s.queueRunInterval > 0) d = Math.ceil((c.now + d) / s.queueRunInterval) * s.queueRunInterval - c.now;
      return d;
    }
    case 'list': {
      const i = c.attempts - 1;
      if (i < s.intervals.length) return s.intervals[i]!;
      return s.repeatLast && s.intervals.length > 0 ? s.intervals[s.intervals.length - 1]! : GIVE_UP;
    }
    case 'fixed':
      return s.interval;
  }
}

/** Absolute time of the next attempt, or GIVE_UP when the schedule gives up or maxAge would pass. */
export function nextAttemptAt(s: RetrySchedule, c: RetryContext): number {
  const d = retryDelay(s, c);
  if (d === GIVE_UP) return GIVE_UP;
  const at = c.now + d;
  return at - c.injectedAt > s.maxAge ? GIVE_UP : at;
}

/** KumoMTA defaults: 20 min doubling, no cap, jitter, 7 days. */
export const KUMO_DEFAULT_RETRY: RetrySchedule = { kind: 'exponential', base: 1200, factor: 2, max: 0, jitter: true, maxAge: 7 * 86400 };
/** Postfix defaults: 300 s / 4000 s, 300 s scans, 5 days. */
export const POSTFIX_DEFAULT_RETRY: RetrySchedule = {
  kind: 'postfix',
  minBackoff: 300,
  maxBackoff: 4000,
  queueRunDelay: 300,
  maxAge: 5 * 86400,
};

/** Parses Exim retry rules: "F,2h,15m; G,16h,1h,1.5; F,4d,6h". Returns an error string if invalid. */
export function parseEximRules(text: string): EximRule[] | string {
  const rules: EximRule[] = [];
  for (const part of text
    .split(';')
    .map((p) => p.trim())
    .filter((p) => p !== '')) {
    const f = part.split(',').map((x) => x.trim());
    const algo = f[0]?.toUpperCase();
    if (algo !== 'F' && algo !== 'G' && algo !== 'H') return `invalid Exim retry rule "${part}" (expected F, G or H first)`;
    const cutoff = parseDuration(f[1] ?? '');
    const interval = parseDuration(f[2] ?? '');
    if (cutoff === undefined || interval === undefined || interval <= 0) {
      return `invalid Exim retry rule "${part}" (expected e.g. "F,2h,15m" or "G,16h,1h,1.5")`;
    }
    const multiplier = algo === 'F' ? 1 : Number(f[3]);
    if (algo !== 'F' && !(multiplier > 1)) return `invalid Exim retry rule "${part}" (G and H need a multiplier > 1)`;
    if (rules.length > 0 && cutoff <= rules[rules.length - 1]!.cutoff) return `Exim retry cutoffs must increase ("${part}")`;
    rules.push({ algo, cutoff, interval, multiplier });
  }
  return rules.length > 0 ? rules : 'empty Exim retry rule list';
}

/** Parses a Haraka interval list "1m, 5m*2, 1h*3" (or a PowerMTA list "10m,20m"). */
export function parseIntervalList(text: string): number[] | string {
  const out: number[] = [];
  for (const part of text
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '')) {
    const m = /^([^*]+?)\s*(?:\*\s*(\d+))?$/.exec(part);
    const d = m ? parseDuration(m[1]!) : undefined;
    if (d === undefined || d <= 0) return `invalid interval "${part}" (expected e.g. "5m" or "5m*2")`;
    const times = m?.[2] === undefined ? 1 : Number(m[2]);
    for (let i = 0; i < times; i++) out.push(d);
  }
  return out.length > 0 ? out : 'empty interval list';
}
