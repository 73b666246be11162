/**
 * The progress bar of `run`: simulated hours, labelled with the policy and seed running, on a
 * terminal only; ticking it from the run's hourly callback changes nothing in the run.
 */
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { progress } from '../../../src/cli/progress.ts';
import { loadScenarioFile } from '../../../src/scenario/load.ts';
import { runScenario } from '../../../src/run/run-scenario.ts';

/** A stream that says it is a terminal and keeps what is written to it. */
function terminal(isTTY: boolean): NodeJS.WriteStream & { text: () => string } {
  const chunks: string[] = [];
  const s = new Writable({
    write(chunk, _enc, done) {
      chunks.push(String(chunk));
      done();
    },
  }) as unknown as NodeJS.WriteStream & { text: () => string };
  Object.assign(s, { isTTY, columns: 120, text: () => chunks.join('') });
  return s;
}

describe('run progress', () => {
  const loaded = loadScenarioFile('test/fixtures/scenarios/tiny.yaml');

  it('counts simulated hours under the policy and seed, and the run is the same as without it', () => {
    const tty = terminal(true);
    const bar = progress(true, 'tiny: policy naive, seed 9', 'simulated hours', tty);
    const ticks: number[] = [];
    const withBar = runScenario(loaded, {
      policy: 'naive',
      seed: 9,
      onHour: (h) => {
        ticks.push(h);
        bar.tick(h + 1, 48);
      },
    });
    bar.stop();
    expect(ticks).toEqual(Array.from({ length: 48 }, (_, h) => h));
    const text = tty.text();
    expect(text).toContain('tiny: policy naive, seed 9 [');
    expect(text).toContain('48/48 simulated hours');
    expect(runScenario(loaded, { policy: 'naive', seed: 9 }).summary).toEqual(withBar.summary);
  });

  it.each([
    ['not a terminal', true, false],
    ['--quiet', false, true],
  ])('nothing when %s', (_why, enabled, isTTY) => {
    const s = terminal(isTTY);
    const bar = progress(enabled, 'x', 'runs', s);
    bar.tick(1, 2);
    bar.stop();
    expect(s.text()).toBe('');
  });
});
