import { describe, expect, it } from 'vitest';
import {
  GIVE_UP,
  KUMO_DEFAULT_RETRY,
  POSTFIX_DEFAULT_RETRY,
  nextAttemptAt,
  parseEximRules,
  parseIntervalList,
  retryDelay,
  type RetryContext,
  type RetrySchedule,
} from '../../../../src/policies/support/retry.ts';
import { formatDuration, parseDuration } from '../../../../src/spec/units.ts';

/** Follows a schedule from one failure at t=0 while every attempt fails; returns attempt times. */
function attemptTimes(s: RetrySchedule, max = 200, u = 0.5): number[] {
  const times = [0];
  let ctx: RetryContext = { attempts: 1, injectedAt: 0, firstFailAt: 0, lastDelay: 0, now: 0, u };
  while (times.length < max) {
    const at = nextAttemptAt(s, ctx);
    if (at === GIVE_UP) break;
    times.push(at);
    ctx = { ...ctx, attempts: ctx.attempts + 1, lastDelay: at - ctx.now, now: at };
  }
  return times;
}
const min = (x: number) => x * 60;
const h = (x: number) => x * 3600;

describe('retry families against tables of expected delays', () => {
  it('KumoMTA default: 20, 40, 80, 160, 320, 640, 1280, 2560 min (no jitter at u=0.5), 7 d max age', () => {
    const t = attemptTimes(KUMO_DEFAULT_RETRY);
    const gaps = t.slice(1).map((x, i) => (x - t[i]!) / 60);
    expect(gaps).toEqual([20, 40, 80, 160, 320, 640, 1280, 2560]);
    expect(t.at(-1)! / 3600).toBeCloseTo(85, 0); // cumulative ~85 h; the next (5120 min) would pass 7 d
  });

  it('KumoMTA jitter stays within +-min(interval/20, 60 s)/2', () => {
    const c = { attempts: 1, injectedAt: 0, firstFailAt: 0, lastDelay: 0, now: 0 };
    expect(retryDelay(KUMO_DEFAULT_RETRY, { ...c, u: 0 })).toBe(1200 - 30);
    expect(retryDelay(KUMO_DEFAULT_RETRY, { ...c, u: 0.999999 })).toBeCloseTo(1200 + 30, 3);
    const small: RetrySchedule = { kind: 'exponential', base: 60, factor: 2, max: 0, jitter: true, maxAge: 86400 };
    expect(retryDelay(small, { ...c, u: 0 })).toBe(60 - 1.5);
  });

  it('exponential with max_retry_interval = retry_interval is a fixed interval', () => {
    const s: RetrySchedule = { kind: 'exponential', base: 1800, factor: 2, max: 1800, jitter: false, maxAge: 86400 };
    const t = attemptTimes(s);
    expect(new Set(t.slice(1).map((x, i) => x - t[i]!))).toEqual(new Set([1800]));
    expect(t.length).toBe(49); // 0 .. 86400 every 30 min
  });

  it('Postfix: age clamped to [300, 4000] s, on the 300 s scan grid; ~5 min, 10, 20, 40, then every ~67-70 min', () => {
    const t = attemptTimes(POSTFIX_DEFAULT_RETRY, 400);
    const gaps = t.slice(1, 8).map((x, i) => x - t[i]!);
    expect(gaps).toEqual([300, 300, 600, 1200, 2400, 4200, 4200]);
    for (const x of t) expect(x % 300).toBe(0);
    expect(t.at(-1)!).toBeLessThanOrEqual(5 * 86400);
    expect(t.length).toBeGreaterThan(100); // "100+ attempts over 5 days"
  });

  it('Postfix: a message injected off-grid waits for the next scan', () => {
    const c = { attempts: 1, injectedAt: 100, firstFailAt: 100, lastDelay: 0, now: 100, u: 0 };
    expect(retryDelay(POSTFIX_DEFAULT_RETRY, c)).toBe(500); // due 400 -> next scan 600
  });

  it('Exim default "F,2h,15m; G,16h,1h,1.5; F,4d,6h": 8 tries at 15 m, then 1, 1.5, 2.25, ... h, then 6 h to 4 d', () => {
    const rules = parseEximRules('F,2h,15m; G,16h,1h,1.5; F,4d,6h');
    expect(Array.isArray(rules)).toBe(true);
    const s: RetrySchedule = { kind: 'exim', rules: rules as never, queueRunInterval: 0, maxAge: 7 * 86400 };
    const t = attemptTimes(s);
    const gaps = t.slice(1).map((x, i) => x - t[i]!);
    expect(gaps.slice(0, 8)).toEqual(Array(8).fill(min(15)));
    expect(gaps.slice(8, 13)).toEqual([h(1), h(1.5), h(2.25), h(3.375), h(5.0625)]);
    expect(gaps.slice(-3)).toEqual([h(6), h(6), h(6)]);
    expect(t.at(-1)!).toBeLessThan(4 * 86400 + h(6));
    expect(t.length).toBeGreaterThan(20);
    expect(t.length).toBeLessThan(30); // "~26 attempts"
  });

  it('Exim cutoffs count from the first failure, not from injection', () => {
    const rules = parseEximRules('F,2h,15m; F,4d,6h') as never;
    const s: RetrySchedule = { kind: 'exim', rules, queueRunInterval: 0, maxAge: 30 * 86400 };
    const c = { attempts: 1, injectedAt: 0, firstFailAt: h(10), lastDelay: 0, now: h(11), u: 0 };
    expect(retryDelay(s, c)).toBe(min(15));
  });

  it('Haraka list "1m, 5m*2, 1h*3" then bounce; PowerMTA list repeats its last', () => {
    const list = parseIntervalList('1m, 5m*2, 1h*3') as number[];
    expect(list).toEqual([60, 300, 300, 3600, 3600, 3600]);
    const haraka = attemptTimes({ kind: 'list', intervals: list, repeatLast: false, maxAge: 30 * 86400 });
    expect(haraka.slice(1).map((x, i) => x - haraka[i]!)).toEqual(list);
    const pmta = attemptTimes({ kind: 'list', intervals: [600, 1200], repeatLast: true, maxAge: 86400 }, 10);
    expect(pmta.slice(1).map((x, i) => x - pmta[i]!)).toEqual([600, 1200, 1200, 1200, 1200, 1200, 1200, 1200, 1200]);
  });

  it('fixed interval and maxAge', () => {
    const t = attemptTimes({ kind: 'fixed', interval: 300, maxAge: 3600 });
    expect(t).toEqual([0, 300, 600, 900, 1200, 1500, 1800, 2100, 2400, 2700, 3000, 3300, 3600]);
  });

  it.each([
    ['X,2h,15m', /F, G or H/],
    ['F,2h', /expected e.g./],
    ['G,2h,1h', /multiplier/],
    ['F,4d,6h; F,2h,15m', /must increase/],
    ['', /empty/],
  ])('parseEximRules rejects %j', (text, msg) => {
    expect(parseEximRules(text)).toMatch(msg);
  });

  it.each([
    ['5m*x', /invalid interval/],
    ['', /empty/],
    ['0s', /invalid/],
  ])('parseIntervalList rejects %j', (text, msg) => {
    expect(parseIntervalList(text)).toMatch(msg);
  });
});

describe('durations', () => {
  it.each([
    ['90s', 90],
    ['30m', 1800],
    ['2h', 7200],
    ['7d', 604800],
    ['1h30m', 5400],
    ['4d12h', 388800],
    ['17 mins', 1020],
    ['22 hours', 79200],
    ['90m', 5400],
    ['3 days', 259200],
    ['60', 60],
    ['1w', 604800],
  ])('parseDuration(%j) = %d', (text, s) => {
    expect(parseDuration(text)).toBe(s);
  });
  it.each(['', '30 minits', 'h', '5x', '-5m', '1h 30'])('parseDuration(%j) is undefined', (text) => {
    expect(parseDuration(text)).toBeUndefined();
  });
  it.each([
    [5400, '1h30m'],
    [86400, '1d'],
    [45, '45s'],
    [0, '0s'],
    [388800, '4d12h'],
  ])('formatDuration(%d) = %s', (s, text) => {
    expect(formatDuration(s)).toBe(text);
    expect(parseDuration(text)).toBe(s);
  });
});
