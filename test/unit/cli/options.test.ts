/** Integer flags as yargs hands their values over: what passes, and the message for what does not. */
import { describe, expect, it } from 'vitest';
import { parseInteger } from '../../../src/cli/options.ts';
import { UsageError } from '../../../src/run/run-scenario.ts';

const seeds = { describe: 'n', min: 1, max: 10_000 };

describe('parseInteger', () => {
  it.each([
    [5, 5],
    ['7', 7],
    [' 7 ', 7],
    ['+5', 5],
    ['007', 7],
    [10_000, 10_000],
    [1, 1],
  ])('%j -> %j', (raw, value) => {
    expect(parseInteger('--seeds', seeds, raw)).toBe(value);
  });

  it.each([
    ['abc', '--seeds must be an integer from 1 to 10000, got "abc"'],
    ['1.5', '--seeds must be an integer from 1 to 10000, got "1.5"'],
    [1.5, '--seeds must be an integer from 1 to 10000, got 1.5'],
    ['0x10', '--seeds must be an integer from 1 to 10000, got "0x10"'],
    ['1e3', '--seeds must be an integer from 1 to 10000, got "1e3"'],
    [Number.NaN, '--seeds must be an integer from 1 to 10000, got NaN'],
    [0, '--seeds must be an integer from 1 to 10000, got 0'],
    [10_001, '--seeds must be an integer from 1 to 10000, got 10001'],
    ['-3', '--seeds must be an integer from 1 to 10000, got "-3"'],
    [2 ** 53, '--seeds must be an integer from 1 to 10000, got 9007199254740992'],
    ['', '--seeds needs a value (an integer from 1 to 10000)'],
    [true, '--seeds needs a value (an integer from 1 to 10000)'],
    [[3, 4], '--seeds given 2 times; give it once (an integer from 1 to 10000)'],
  ])('%j: %s', (raw, message) => {
    expect(() => parseInteger('--seeds', seeds, raw)).toThrow(new UsageError(message));
  });

  it.each([
    [{ describe: 'seed' }, 'an integer'],
    [{ describe: 'w', min: 1 }, 'an integer >= 1'],
    [{ describe: 'x', max: 9 }, 'an integer <= 9'],
  ])('the range in words: %j', (spec, words) => {
    expect(() => parseInteger('--x', spec, 'no')).toThrow(`--x must be ${words}, got "no"`);
  });
});
