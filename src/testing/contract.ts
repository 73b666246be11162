/**
 * The policy contract suite, for any policy (the built-in ones pass it in test/contract/): on
 * random valid scenarios (./arbitraries.ts), the same seed gives the same trace; the policy never
 * exceeds its own declared caps (the message-rate throttles it sets, by GCRA, and the connection
 * cap its definition declares); the clock never goes backwards; every message is accounted for
 * at every hour; and the queue drains when every receiver accepts everything. A failure comes
 * with fast-check's seed and path (to replay) and the shrunk scenario as YAML.
 */
import fc from 'fast-check';
import { stringify } from 'yaml';
import { loadScenarioText } from '../scenario/load.ts';
import { simulate, conservationGap, type RunState } from '../run/simulate.ts';
import { defaultReceivers } from '../providers/registry.ts';
import { AcceptAllReceiver } from '../receivers/simple.ts';
import type { PolicyDefinition } from '../policies/definition.ts';
import type { ReceiverFactory } from '../contracts/receiver.ts';
import { capViolations } from './caps.ts';
import { scenarioArbitrary, type ScenarioSample } from './arbitraries.ts';

/** A contract the policy broke on one scenario. */
export interface ContractFailure {
  readonly property: string;
  readonly message: string;
  /** fast-check's seed and path: replay with `checkPolicyContract(def, { seed, path })`. */
  readonly seed: number;
  readonly path: string;
  /** The shrunk scenario that breaks it, as a scenario file. */
  readonly scenario: string;
}

export interface ContractReport {
  readonly policy: string;
  readonly ok: boolean;
  readonly runs: number;
  readonly seed: number;
  readonly failure?: ContractFailure;
}

export interface ContractOptions {
  /** The policy's parameters (default: its schema's defaults). */
  readonly params?: unknown;
  /** Scenarios to try (default 20). */
  readonly numRuns?: number;
  /** fast-check seed (default: fixed, so a CI run repeats) and replay path. */
  readonly seed?: number;
  readonly path?: string;
  readonly maxHours?: number;
}

const acceptAll: ReceiverFactory = (ctx) => ctx.topo.providers.map(() => new AcceptAllReceiver(ctx.replies));

/** The violations of one scenario, each a "property: message" line (empty when it keeps the contract). */
function violations(def: PolicyDefinition, params: unknown, sample: ScenarioSample): string[] {
  const out: string[] = [];
  const loaded = loadScenarioText(sample.yaml, 'contract.yaml');
  const run = (receivers: ReceiverFactory, scenario = loaded.scenario) => {
    const trace: number[] = [];
    const gaps: number[] = [];
    let last = -Infinity,
      backwards = 0;
    const policy = def.create(params as never, { name: def.name, baseDir: '.' });
    const state = simulate({
      scenario,
      policy,
      receivers,
      audit: true,
      onAttempt: (a, reply, path, now) => {
        if (now < last) backwards++;
        last = now;
        trace.push(now, path, reply.id, a.recipient);
      },
      onHour: (_h, r) => gaps.push(conservationGap(r)),
    });
    gaps.push(conservationGap(state));
    return { state, trace, gaps, backwards };
  };
  const a = run(defaultReceivers);
  const b = run(defaultReceivers);
  if (a.trace.length !== b.trace.length || a.trace.some((x, i) => x !== b.trace[i]))
    out.push('determinism: the same scenario and seed gave two different traces');
  if (a.backwards > 0) out.push(`clock: ${a.backwards} attempts happened before an earlier one`);
  const gap = a.gaps.find((g) => g !== 0);
  if (gap !== undefined) out.push(`accounting: injected != delivered + bounced + expired + queued (off by ${gap})`);
  out.push(...capProblems(def, params, a.state));
  // drain: every receiver accepts, no new mail after the plan's days (no transactional mail at
  // all), a week more to finish
  const sc = loaded.scenario;
  const days = Math.ceil(sc.duration / 86400);
  const streams = sc.streams.map((st) =>
    st.kind === 'bulk'
      ? { ...st, perDay: [...Array.from({ length: days }, (_, d) => st.perDay[Math.min(d, st.perDay.length - 1)]!), 0] }
      : { ...st, perDay: 0 },
  );
  const drain = run(acceptAll, { ...sc, streams, duration: days * 86400 + 7 * 86400 });
  if (drain.state.mta.messages.live > 0)
    out.push(`drain: ${drain.state.mta.messages.live} messages still queued a week after the plan ended, with every receiver accepting`);
  return out;
}

function capProblems(def: PolicyDefinition, params: unknown, run: RunState): string[] {
  const out: string[] = [];
  const sh = run.mta.shaping;
  const starts = run.mta.auditStarts!;
  const nP = run.topo.providers.length,
    nSites = run.topo.sites.length;
  const pathViolations = capViolations(sh.changes!, starts, (p) => p, 'path');
  if (pathViolations > 0) out.push(`caps: ${pathViolations} sends above a path's message-rate throttle`);
  const provKey = (path: number) => Math.floor(path / nSites) * nP + run.topo.sites[path % nSites]!.provider;
  const provViolations = capViolations(sh.changes!, starts, provKey, 'provider');
  if (provViolations > 0) out.push(`caps: ${provViolations} sends above a provider throttle`);
  const declared = def.declaredCaps?.(params as never).connectionsPerIpProvider;
  if (declared !== undefined) {
    const peak = Math.max(0, ...run.metrics.peakConnections);
    if (peak > declared) out.push(`caps: ${peak} connections open at once from one IP to one provider, above the declared ${declared}`);
  }
  return out;
}

/**
 * Runs the contract suite against a policy definition.
 * @example
 * ```ts
 * import { checkPolicyContract } from 'warmup-sim/testing';
 * const report = checkPolicyContract(myPolicy, { numRuns: 10 });
 * if (!report.ok) throw new Error(formatContractFailure(report));
 * ```
 */
export function checkPolicyContract(def: PolicyDefinition, o: ContractOptions = {}): ContractReport {
  const parsed = def.params.safeParse(o.params ?? {});
  if (!parsed.success)
    throw new Error(`checkPolicyContract: invalid parameters for "${def.name}": ${parsed.error.issues.map((i) => i.message).join('; ')}`);
  const params = parsed.data;
  const seed = o.seed ?? 20261203;
  const arb = scenarioArbitrary({ policies: ['naive'], ...(o.maxHours !== undefined ? { maxHours: o.maxHours } : {}) });
  let failed: string[] = [];
  const details = fc.check(
    fc.property(arb, (sample) => {
      failed = violations(def, params, sample);
      return failed.length === 0;
    }),
    { seed, numRuns: o.numRuns ?? 20, ...(o.path !== undefined ? { path: o.path } : {}) },
  );
  if (!details.failed || details.counterexample === null) return { policy: def.name, ok: true, runs: details.numRuns, seed };
  const [sample] = details.counterexample as [ScenarioSample];
  const problems = violations(def, params, sample);
  const scenario = stringify({ ...sample.raw, policies: [{ name: def.name, use: `<${def.name}>` }] }, { lineWidth: 0 });
  const [property, ...rest] = (problems[0] ?? 'unknown: the property threw').split(': ');
  return {
    policy: def.name,
    ok: false,
    runs: details.numRuns,
    seed,
    failure: { property: property!, message: rest.join(': '), seed: details.seed, path: details.counterexamplePath ?? '', scenario },
  };
}

/** A failed report as the lines a test log should show: what broke, how to replay, the minimal scenario. */
export function formatContractFailure(r: ContractReport): string {
  if (r.ok || r.failure === undefined) return `${r.policy}: keeps the contract on ${r.runs} scenarios (seed ${r.seed})`;
  const f = r.failure;
  return [
    `${r.policy} breaks the policy contract (${f.property}): ${f.message}`,
    `replay: checkPolicyContract(policy, { seed: ${f.seed}, path: ${JSON.stringify(f.path)} })`,
    'minimal scenario:',
    f.scenario,
  ].join('\n');
}

/** Throws with {@link formatContractFailure} when the policy breaks the contract (for a test). */
export function assertPolicyContract(def: PolicyDefinition, o: ContractOptions = {}): void {
  const r = checkPolicyContract(def, o);
  if (!r.ok) throw new Error(formatContractFailure(r));
}
