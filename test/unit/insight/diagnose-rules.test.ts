/**
 * The diagnosis rule table (src/insight/diagnose.ts, docs/diagnose.md), one signal at a time on
 * an otherwise clean, throttled new IP: each rule fires at its threshold and not just below, and
 * the verdict follows the documented order (stream before policy before sample).
 */
import { describe, expect, it } from 'vitest';
import { diagnose, type Verdict } from '../../../src/insight/diagnose.ts';
import { movesOf } from '../../../src/insight/moves.ts';
import type { Signals } from '../../../src/insight/signals.ts';

/** A fresh IP throttled on day 0, easing to Watch by day 3: 4,000 attempts, 10 % deferred. */
const BASE: Signals = {
  subject: '192.0.2.1',
  kind: 'ip',
  provider: 'microsoft',
  day0: 20_000,
  days: 4,
  attempts: 4000,
  delivered: 3600,
  deferred: 400,
  throttled: 400,
  connectionLimit: 0,
  blocks: 0,
  auth: 0,
  deferralRate: 0.1,
  dailyRate: [0.3, 0.1, 0.05, 0.03],
  dailyBlockRate: [0, 0, 0, 0],
  dailyAttempts: [1000, 1000, 1000, 1000],
  dailyDelivered: [700, 900, 950, 970],
  dailyFirsts: [800, 900, 950, 970],
  quietRate: 0.01,
  quietAttempts: 200,
  retryGapP50: 3600,
  retryGapP10: 1800,
  retryShare: 0.2,
  retrySpikeHours: 0,
  growthWhileDeferring: [],
  acceptedWhenDeferring: 25,
  peakAcceptedPerHour: 60,
  allFirsts: 6000,
  unknownUsers: 12,
  complaints: 0,
  complaintRate: Number.NaN,
  snds: { rows: 4, complaintRate: 0, warnRows: 0, trapHits: 0, green: 4, yellow: 0, red: 0 },
};

const snds = (o: Partial<Signals['snds']>) => ({ snds: { ...BASE.snds, ...o } });

const CASES: readonly [string, Verdict, Partial<Signals>][] = [
  ['the base case', 'new-ip', {}],
  ['49 attempts', 'too-little-data', { attempts: 49 }],
  ['complaints 0.09 % (SNDS)', 'new-ip', snds({ complaintRate: 0.0009 })],
  ['complaints 0.3 % (SNDS, strong)', 'bad-stream', snds({ complaintRate: 0.003 })],
  ['complaints 0.3 % in the feeds', 'bad-stream', { complaintRate: 0.003, complaints: 11 }],
  ['complaints 0.1 % alone (one weak signal)', 'new-ip', snds({ complaintRate: 0.001 })],
  ['unknown users 0.99 %', 'new-ip', { unknownUsers: 59 }],
  ['unknown users 3 % (strong)', 'bad-stream', { unknownUsers: 180 }],
  ['unknown users 1 % and complaints 0.1 % (two signals)', 'bad-stream', { unknownUsers: 60, ...snds({ complaintRate: 0.001 }) }],
  ['one trap hit', 'bad-stream', snds({ trapHits: 1 })],
  ['SNDS yellow on half the days', 'new-ip', snds({ green: 2, yellow: 2 })],
  ['SNDS yellow on half the days and 1 % unknown', 'bad-stream', { unknownUsers: 60, ...snds({ green: 2, yellow: 2 }) }],
  ['SNDS red once', 'bad-stream', snds({ green: 3, red: 1 })],
  ['quiet-hour deferrals 14.9 %', 'new-ip', { quietRate: 0.149 }],
  ['quiet-hour deferrals 15 %', 'bad-stream', { quietRate: 0.15 }],
  ['quiet-hour deferrals 15 % over 49 attempts', 'new-ip', { quietRate: 0.15, quietAttempts: 49 }],
  ['median retry gap 29 min', 'policy', { retryGapP50: 29 * 60 }],
  ['median retry gap 30 min', 'new-ip', { retryGapP50: 30 * 60 }],
  ['fast retries but only 49 of them', 'new-ip', { retryGapP50: 300, dailyFirsts: [990, 990, 990, 981] }],
  ['fast retries, 50 of them', 'policy', { retryGapP50: 300, dailyFirsts: [990, 990, 990, 980] }],
  ['one block reply', 'policy', { blocks: 1 }],
  ['4.7.652 on 0.99 % of attempts', 'new-ip', { connectionLimit: 39 }],
  ['4.7.652 on 1 % of attempts', 'policy', { connectionLimit: 40 }],
  ['one 5.7.515', 'policy', { auth: 1 }],
  ['growth while deferring on 2 days, last day 3 %', 'new-ip', { growthWhileDeferring: [1, 2] }],
  ['growth while deferring on 2 days, last day 6 %', 'policy', { growthWhileDeferring: [1, 2], dailyRate: [0.3, 0.1, 0.08, 0.06] }],
  ['growth while deferring on 1 day, last day 6 %', 'new-ip', { growthWhileDeferring: [1], dailyRate: [0.3, 0.1, 0.08, 0.06] }],
  ['a stream signal beats a policy signal', 'bad-stream', { blocks: 5, ...snds({ trapHits: 2 }) }],
  ['established and healthy', 'healthy', { delivered: 200_000, deferralRate: 0.019 }],
  ['established but deferring 2 %', 'new-ip', { delivered: 200_000, deferralRate: 0.02 }],
];

describe('diagnosis rules', () => {
  it.each(CASES)('%s -> %s', (_name, verdict, change) => {
    expect(diagnose({ ...BASE, ...change }).verdict).toBe(verdict);
  });

  it('contact Microsoft only when the stream is clean, authentication passes and deferrals went on for 3 days up to the last', () => {
    const contact = (c: Partial<Signals>) => movesOf(diagnose({ ...BASE, ...c })).find((m) => m.move === 'contact Microsoft')!;
    expect(contact({}).act).toBe(true);
    expect(contact({ dailyRate: [0.3, 0.1, 0.05, 0.01] }).text).toMatch(/^not yet: deferrals have not continued across 3 days/);
    expect(contact({ dailyRate: [0.01, 0.1, 0.05, 0.03] }).act).toBe(true);
    expect(contact({ dailyRate: [0.01, 0.01, 0.05, 0.03] }).act).toBe(false);
    expect(contact({ auth: 3 }).text).toContain('authentication fails (5.7.515)');
    expect(contact(snds({ trapHits: 1 })).text).toContain('the stream is not clean');
  });

  it('names the numbers in the moves', () => {
    const m = Object.fromEntries(movesOf(diagnose({ ...BASE, retryGapP50: 600, blocks: 3 })).map((x) => [x.move, x]));
    expect(m['hourly rate']!.text).toContain('about 25 per hour');
    expect(m['retry interval']!.text).toContain('at least 120 minutes (median now 10 min; blocks seen)');
    expect(m['freeze growth']!.text).toContain('at or below 970 a day');
    expect(m['audience']!.act).toBe(false);
  });
});
