import { afterEach, describe, expect, it } from 'vitest';
import { startEarly } from '../../../src/cli/early-start.ts';
import { defaultWorkers, planWhileStarting, stopEarlyWorkers } from '../../../src/run/pool.ts';

const cores = defaultWorkers();

describe("startEarly: a sweep's threads start before the CLI parses its command line", () => {
  afterEach(stopEarlyWorkers);

  it.each<[string, string[], number]>([
    ['sweep, default workers', ['sweep', 'x.yaml', '--seeds', '20'], cores >= 2 ? cores : 0],
    ['compare --workers 2', ['compare', 'x.yaml', '--workers', '2'], cores >= 2 ? 2 : 0],
    ['--workers=2', ['sweep', 'x.yaml', '--workers=2'], cores >= 2 ? 2 : 0],
    ['one executor', ['sweep', 'x.yaml', '--workers', '1'], 0],
    ['more executors than cores', ['sweep', 'x.yaml', '--workers', String(cores + 1)], 0],
    ['not a number', ['compare', 'x.yaml', '--workers', 'two'], 0],
    ['help', ['sweep', '--help'], 0],
    ['another command', ['run', 'x.yaml', '--workers', '2'], 0],
    ['no command', [], 0],
  ])('%s', (_, argv, executors) => {
    expect(startEarly(argv)).toBe(executors);
  });

  it('(2 cores or more) the command takes the threads started early; with one executor it stops them; unused ones are stopped at the end', async () => {
    expect(startEarly(['sweep', 'x.yaml', '--workers', '2'])).toBe(2);
    const taken = await planWhileStarting(2, () => 'planned');
    expect(taken.started).toBeDefined();
    await taken.started!.pool.destroy();
    expect(startEarly(['sweep', 'x.yaml', '--workers', '2'])).toBe(2);
    expect((await planWhileStarting(1, () => 'planned')).started).toBeUndefined();
    expect(startEarly(['compare', 'x.yaml'])).toBe(cores);
    await stopEarlyWorkers(); // what main.ts does when no command took them (bad input)
    expect((await planWhileStarting(1, () => 'planned')).started).toBeUndefined();
  });
});
