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
  /** The scenario's IP addresses, when known (at load time), for parameters that name IPs. */
  readonly ips?: readonly string[];
}

/** A problem with a parameter found while preparing it: a path below the policy's entry, and what is wrong. */
export interface ParamIssue {
  readonly path: readonly (string | number)[];
  readonly message: string;
}

/** Parameters made ready to run (files read and checked), or why they cannot be. */
export type Prepared<T> = { readonly ok: true; readonly params: T } | { readonly ok: false; readonly issues: readonly ParamIssue[] };

export interface PolicyDefinition<S extends z.ZodType = z.ZodType> {
  readonly name: string;
  readonly summary: string;
  /** Where the behaviour comes from (MTA docs, directive, parameter, article). */
  readonly source: string;
  /** The parameters' schema; the scenario loader validates with it, once. */
  readonly params: S;
  /**
   * Reads and checks what the parameters refer to (files relative to the scenario), once, when
   * the scenario is loaded, so a missing or broken file is an input error located in the scenario.
   */
  prepare?(params: z.output<S>, ctx: PolicyContext): Prepared<z.output<S>>;
  /** The policy for one run, from validated (and prepared) parameters: never fails on them. */
  create(params: z.output<S>, ctx: PolicyContext): Policy;
  /**
   * What the policy promises to stay under, for the contract suite (src/testing) to hold it to:
   * the most connections it opens at once from one IP to one provider.
   */
  declaredCaps?(params: z.output<S>): { readonly connectionsPerIpProvider?: number };
}

export function definePolicy<S extends z.ZodType>(d: PolicyDefinition<S>): PolicyDefinition<S> {
  return d;
}
