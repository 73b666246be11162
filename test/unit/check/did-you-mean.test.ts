/** Did-you-mean: edit distances and the closest known names. */
import { describe, expect, it } from 'vitest';
import { closest, didYouMean, editDistance } from '../../../src/check/did-you-mean.ts';
import { DEFAULT_CATALOGUE } from '../../../src/check/catalogue-default.ts';

const NAMES = DEFAULT_CATALOGUE.map((m) => m.name);

describe('edit distance', () => {
  it.each([
    ['', '', 0],
    ['a', '', 1],
    ['', 'abc', 3],
    ['kitten', 'sitting', 3],
    ['flaw', 'lawn', 2],
    ['outlok_blocks', 'outlook_blocks', 1],
    ['abc', 'acb', 2],
  ])('%s / %s = %i', (a, b, d) => {
    expect(editDistance(a, b)).toBe(d);
    expect(editDistance(b, a)).toBe(d);
  });
});

describe('closest names in the default catalogue', () => {
  it.each([
    ['outlok_blocks', ['outlook_blocks']],
    ['deliverd', ['delivered']],
    ['days_to_targt', ['days_to_target']],
    // the per-provider rates (issue 19) are near too; the intended name comes first
    ['microsoft.worst_daily_deferal', ['microsoft.worst_daily_deferral', 'microsoft.worst_daily_refused', 'yahoo.worst_daily_deferral']],
    ['p95_latency', ['bulk.p95_latency', 'transactional.p95_latency']],
    // p50 and p99 are one substitution away, p90 and p95 two (alphabetical among equals)
    ['transactional.p59_latency', ['transactional.p50_latency', 'transactional.p99_latency', 'transactional.p90_latency']],
    ['zzzz', []],
  ])('%s -> %j', (name, expected) => {
    expect(closest(name, NAMES)).toEqual(expected);
  });

  it('phrases one, two or three suggestions', () => {
    expect(didYouMean('outlok_blocks', NAMES)).toBe('did you mean "outlook_blocks"?');
    expect(didYouMean('p95_latency', NAMES)).toBe('did you mean "bulk.p95_latency" or "transactional.p95_latency"?');
    expect(didYouMean('transactional.p59_latency', NAMES)).toBe(
      'did you mean "transactional.p50_latency", "transactional.p99_latency" or "transactional.p90_latency"?',
    );
    expect(didYouMean('zzzz', NAMES)).toBe('');
  });
});
