/**
 * A policy as the library lists it: a name, a one-line summary, the behaviour it reproduces and
 * its source, a zod schema for its parameters (validated like any scenario field, unknown keys
 * rejected), and a factory. Policies are plain objects, one file each (cf. knip's plugins).
 */
import type { z } from 'zod';
import type { Policy } from '../contracts/policy.ts';

export interface PolicyContext {
  /** The name the scenario gives this use of the policy. */
  readonly name: string;
  /** Directory of the scenario file, for parameters that reference other files. */
  readonly baseDir: string;
}

export interface PolicyDefinition<S extends z.ZodType = z.ZodType> {
  readonly name: string;
  readonly summary: string;
  /** Where the behaviour comes from (MTA docs, directive, parameter, article). */
  readonly source: string;
  readonly params: S;
  create(params: z.output<S>, ctx: PolicyContext): Policy;
}

export function definePolicy<S extends z.ZodType>(d: PolicyDefinition<S>): PolicyDefinition<S> {
  return d;
}
