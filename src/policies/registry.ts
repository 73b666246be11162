/**
 * Every policy the simulator ships, by name. A policy added here runs the contract suite
 * (test/contract/policies.test.ts) automatically; there is no way to register one without it.
 */
import type { ParamIssue, PolicyContext, PolicyDefinition } from './definition.ts';
import type { Policy } from '../contracts/policy.ts';
import { isModulePath, loadUserPolicy } from './user.ts';
import seedPlaybook from './seed-playbook.ts';
import fixedSchedule from './fixed-schedule.ts';
import kumomta from './kumomta/policy.ts';
import powermta from './powermta/policy.ts';
import postfix from './postfix/policy.ts';
import exim from './exim.ts';
import aimd from './aimd.ts';
import naive from './naive.ts';
import ramp from './ramp.ts';

export const POLICIES: readonly PolicyDefinition[] = [
  seedPlaybook,
  fixedSchedule,
  kumomta,
  powermta,
  postfix,
  exim,
  aimd,
  naive,
  ramp,
] as readonly PolicyDefinition[];

/** A built-in policy by name, or (with the scenario's directory) a user's policy module by path. */
export function findPolicy(name: string, baseDir?: string): PolicyDefinition | undefined {
  if (baseDir !== undefined && isModulePath(name)) {
    const def = loadUserPolicy(name, baseDir);
    return typeof def === 'string' ? undefined : def;
  }
  return POLICIES.find((p) => p.name === name);
}

/** Bad parameters given to {@link buildPolicy} in code (scenario files report theirs as located input errors). */
class PolicyParamsError extends Error {
  constructor(
    readonly policy: string,
    readonly issues: readonly ParamIssue[],
    message?: string,
  ) {
    super(message ?? `policy "${policy}": ${issues.map((i) => `${i.path.join('.') || '(params)'}: ${i.message}`).join('; ')}`);
    this.name = 'PolicyParamsError';
  }
}

/** Validates raw parameters with the policy's schema and prepares them (as the scenario loader does). */
export function prepareParams(
  def: PolicyDefinition,
  raw: unknown,
  ctx: PolicyContext,
): { ok: true; params: unknown } | { ok: false; issues: readonly ParamIssue[] } {
  const r = def.params.safeParse(raw ?? {});
  if (!r.success)
    return {
      ok: false,
      issues: r.error.issues.map((i) => ({ path: i.path.filter((k): k is string | number => typeof k !== 'symbol'), message: i.message })),
    };
  return def.prepare ? def.prepare(r.data, ctx) : { ok: true, params: r.data };
}

/** Builds a policy from its name and raw parameters (code and tests); bad parameters throw a {@link PolicyParamsError}. */
export function buildPolicy(use: string, params: unknown, ctx: PolicyContext): Policy {
  const def = findPolicy(use);
  if (def === undefined) {
    const message = `unknown policy "${use}" (known: ${POLICIES.map((p) => p.name).join(', ')})`;
    throw new PolicyParamsError(use, [{ path: [], message }], message);
  }
  const p = prepareParams(def, params, ctx);
  if (!p.ok) throw new PolicyParamsError(use, p.issues);
  return def.create(p.params, ctx);
}

/** The policy of a loaded scenario's entry: its parameters were validated and prepared when the scenario was loaded. */
export function createPolicy(use: string, params: unknown, ctx: PolicyContext): Policy {
  const def = findPolicy(use, ctx.baseDir);
  if (def === undefined) throw new Error(`bug: unknown policy "${use}" in a loaded scenario`);
  return def.create(params, ctx);
}
