/** `--grid PATH=v1,v2`: paths with quoted or bracketed keys, values with quoted or escaped commas (src/run/grid.ts). */
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { pathSegments, splitValues } from '../../../src/run/grid.ts';
import { parseGrid, planSweep } from '../../../src/run/sweep.ts';
import { loadScenarioText } from '../../../src/scenario/load.ts';

describe('grid paths', () => {
  it.each([
    ['a.b.c', ['a', 'b', 'c']],
    ['audience.segments[0].share', ['audience', 'segments', 0, 'share']],
    ['policies.kumo.shaping."hotmail.com".max_message_rate', ['policies', 'kumo', 'shaping', 'hotmail.com', 'max_message_rate']],
    [
      "policies.kumo.shaping.'hotmail.com'.sources.'new-ip-1'.connection_limit",
      ['policies', 'kumo', 'shaping', 'hotmail.com', 'sources', 'new-ip-1', 'connection_limit'],
    ],
    ['shaping["hotmail.com"].max_message_rate', ['shaping', 'hotmail.com', 'max_message_rate']],
    ["shaping['a.b'][2]", ['shaping', 'a.b', 2]],
    ['x."a\\"b"', ['x', 'a"b']],
    [
      'policies[0].shaping.provider.outlook.sources."192.0.2.10".max_message_rate',
      ['policies', 0, 'shaping', 'provider', 'outlook', 'sources', '192.0.2.10', 'max_message_rate'],
    ],
  ])('%s -> %j', (path, keys) => {
    expect(pathSegments(path)).toEqual(keys);
  });

  it.each([
    ['a..b', /empty key/],
    ['a.', /empty key/],
    ['a."b', /unclosed quote/],
    ['a[x]', /expected \[index\] or \["key"\]/],
    ['a["b"', /unclosed \[/],
  ])('%s is not a path (%s)', (path, why) => {
    expect(pathSegments(path)).toMatch(why);
  });
});

describe('grid values', () => {
  it.each([
    ['1,2.5,x,true', [1, 2.5, 'x', true]],
    ['"100/day,max_burst=1","200/day,max_burst=1"', ['100/day,max_burst=1', '200/day,max_burst=1']],
    ['100/day\\,max_burst=1, 50/h', ['100/day,max_burst=1', '50/h']],
    ["'10', 10", ['10', 10]], // quoted values stay strings
    ['a\\\\b', ['a\\b']],
    [' 20m , 1h ', ['20m', '1h']],
  ])('%s -> %j', (text, values) => {
    expect(splitValues(text)).toEqual(values);
  });

  it('the first = outside quotes ends the path; values may contain =', () => {
    expect(parseGrid('policies.k.shaping."a=b".max_message_rate="1/h,max_burst=1",2/h')).toEqual({
      path: 'policies.k.shaping."a=b".max_message_rate',
      values: ['1/h,max_burst=1', '2/h'],
    });
  });
});

describe('a sweep reaches KumoMTA shaping keys', () => {
  const file = 'scenarios/mta-defaults.yaml';
  const raw = parseYaml(readFileSync(file, 'utf8')) as Record<string, unknown>;

  it('a key with dots inside a shaping file the scenario names: the file is inlined and the key set, per grid point', () => {
    const plan = planSweep({
      raw,
      file,
      baseDir: 'scenarios',
      grid: [parseGrid('policies.kumomta.shaping["hotmail.com"].sources."198.51.100.90".max_message_rate="20/h,max_burst=1",40/h')],
      seeds: 1,
      policies: ['kumomta'],
    });
    expect(plan.variants).toEqual([
      'kumomta [policies.kumomta.shaping["hotmail.com"].sources."198.51.100.90".max_message_rate=20/h,max_burst=1]',
      'kumomta [policies.kumomta.shaping["hotmail.com"].sources."198.51.100.90".max_message_rate=40/h]',
    ]);
    const rates = plan.units.map((u) => {
      const l = loadScenarioText(u.text, file, { baseDir: 'scenarios' });
      const shaping = l.scenario.policies.find((p) => p.name === 'kumomta')!.params['shaping'] as Record<string, Record<string, unknown>>;
      expect(shaping['default']!['connection_limit']).toBe(10); // the rest of the shipped file is kept
      return (shaping['hotmail.com']!['sources'] as Record<string, Record<string, unknown>>)['198.51.100.90']!['max_message_rate'];
    });
    expect(rates).toEqual(['20/h,max_burst=1', '40/h']);
  });
});
