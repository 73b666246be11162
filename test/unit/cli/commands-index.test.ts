/**
 * The CLI's command index (src/cli/commands/index.ts): a command line that names a command loads
 * that command only, under the name its module declares; anything else (no command, an unknown
 * one) gets every command, so the help lists them all and an unknown name gets its did-you-mean.
 */
import { describe, expect, it } from 'vitest';
import { commandsFor } from '../../../src/cli/commands/index.ts';

const nameOf = (c: { command?: unknown }) => String(c.command).split(' ')[0];

describe('the command index', () => {
  it('loads every command, each under the name its module declares, in the help order', async () => {
    const all = await commandsFor(['--help']);
    expect(all.map(nameOf)).toEqual([
      'run',
      'compare',
      'validate',
      'schema',
      'policies',
      'classify',
      'import',
      'export',
      'sweep',
      'merge',
      'check',
      'logs',
      'diagnose',
      'evidence-pack',
      'calibrate',
      'serve',
      'report',
      'plan',
    ]);
    for (const name of all.map(nameOf)) expect((await commandsFor([name!, 'x', '--flag'])).map(nameOf)).toEqual([name]);
  });

  it('an unknown command, or none, gets every command; --version alone needs none', async () => {
    expect(await commandsFor(['rn', 'x'])).toHaveLength(18);
    expect(await commandsFor([])).toHaveLength(18);
    expect(await commandsFor(['toString'])).toHaveLength(18); // not an own key of the index
    expect(await commandsFor(['--version'])).toEqual([]);
  });
});
