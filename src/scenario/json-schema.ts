/**
 * The JSON Schema of scenario files, generated from the same zod schema that validates them
 * (input side: what users write), with each policy's parameters as one branch of `policies[]`,
 * so editors can autocomplete. `warmup-sim schema` prints it; scenarios/scenario.schema.json is
 * the committed copy (a test keeps it current).
 */
import { z } from 'zod';
import { scenarioSchema } from './schema.ts';
import { POLICIES } from '../policies/registry.ts';

type Json = Record<string, unknown>;

export function scenarioJsonSchema(): Json {
  const base = z.toJSONSchema(scenarioSchema, { io: 'input', unrepresentable: 'any' }) as Json;
  const props = base['properties'] as Json;
  props['policies'] = {
    type: 'array',
    minItems: 1,
    description: 'the policies to compare: each { name, use: <policy>, ...its parameters }',
    items: {
      oneOf: POLICIES.map((d) => {
        const p = z.toJSONSchema(d.params, { io: 'input', unrepresentable: 'any' }) as Json;
        return {
          type: 'object',
          description: `${d.name}: ${d.summary}`,
          properties: {
            name: { type: 'string', description: 'a name for this use of the policy' },
            use: { const: d.name },
            ...((p['properties'] as Json | undefined) ?? {}),
          },
          required: ['name', 'use'],
          additionalProperties: false,
        };
      }),
    },
  };
  return { ...base, title: 'warmup-sim scenario', $id: 'https://warmup-sim.invalid/scenario.schema.json' };
}
