/** `warmup-sim plan`'s option values (src/cli/plan-options.ts): what each accepts, and the one-line error otherwise. */
import { describe, expect, it } from 'vitest';
import { parseBudget, parseIps, parseShare, parseTarget } from '../../../src/cli/plan-options.ts';

describe('plan options', () => {
  it.each([
    ['500000/day', 500_000],
    ['500,000/day', 500_000],
    ['20k/day', 20_000],
    ['1.5M/d', 1_500_000],
    ['20_000', 20_000],
  ])('--target %s = %i', (text, n) => expect(parseTarget(text)).toBe(n));

  it.each([
    ['2%', 0.02],
    ['0.02', 0.02],
    ['90%', 0.9],
    ['100%', 1],
  ])('a share %s = %f', (text, x) => expect(parseShare('--max-deferral', text)).toBeCloseTo(x, 12));

  it.each([
    ['2..20', [2, 20]],
    ['4', [4, 4]],
    [' 3 .. 5 ', [3, 5]],
  ])('--ips %s', (text, r) => expect(parseIps(text)).toEqual(r));

  it.each([
    ['600', { runs: 600 }],
    ['600 runs', { runs: 600 }],
    ['5m', { seconds: 300 }],
    ['1h', { seconds: 3600 }],
    ['90s', { seconds: 90 }],
  ])('--budget %s', (text, b) => expect(parseBudget(text)).toEqual(b));

  it.each([
    [() => parseTarget('lots'), '--target "lots": expected messages per day, e.g. 500000/day or 20k/day'],
    [() => parseTarget('0/day'), '--target "0/day": expected messages per day, e.g. 500000/day or 20k/day'],
    [() => parseShare('--confidence', '120%'), '--confidence "120%": expected a share such as 2% or 0.02 (0 to 100 %)'],
    [() => parseShare('--max-deferral', '2'), '--max-deferral "2": expected a share such as 2% or 0.02 (0 to 100 %)'],
    [() => parseIps('5..2'), '--ips "5..2": expected an IP count or a range such as 2..20'],
    [() => parseBudget('soon'), '--budget "soon": expected simulated runs (e.g. 600) or a wall-clock limit (e.g. 5m, 90s, 1h)'],
    [() => parseBudget('0'), '--budget "0": expected simulated runs (e.g. 600) or a wall-clock limit (e.g. 5m, 90s, 1h)'],
  ])('bad input: a one-line error naming the flag and what it expects (%#)', (f, message) => expect(f).toThrow(message));
});
