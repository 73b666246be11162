/**
 * Every policy the simulator ships, by name. A policy added here runs the contract suite
 * (test/contract/policies.test.ts) automatically; there is no way to register one without it.
 */
import type { PolicyContext, PolicyDefinition } from './definition.ts';
import type { Policy } from '../contracts/policy.ts';
import seedPlaybook from './seed-playbook.ts';
import fixedSchedule from './fixed-schedule.ts';
import kumomta from './kumomta/policy.ts';
import powermta from './powermta.ts';
import postfix from './postfix.ts';
import exim from './exim.ts';
import aimd from './aimd.ts';
import naive from './naive.ts';

export const POLICIES: readonly PolicyDefinition[] = [seedPlaybook, fixedSchedule, kumomta, powermta, postfix, exim, aimd, naive] as readonly PolicyDefinition[];

export function findPolicy(name: string): PolicyDefinition | undefined {
  return POLICIES.find((p) => p.name === name);
}

/** Builds a policy from its name and raw parameters; throws the zod error on bad parameters. */
export function buildPolicy(use: string, params: unknown, ctx: PolicyContext): Policy {
  const def = findPolicy(use);
  if (def === undefined) throw new Error(`unknown policy "${use}" (known: ${POLICIES.map((p) => p.name).join(', ')})`);
  return def.create(def.params.parse(params ?? {}), ctx);
}
