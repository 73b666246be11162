/**
 * warmup-sim/testing: property testing for users' own policies. fast-check arbitraries for valid
 * scenarios (sizes bounded for CI) and the same contract suite the built-in policies pass.
 *
 * ```ts
 * import { assertPolicyContract } from 'warmup-sim/testing';
 * import myPolicy from './policies/mine.ts';
 * it('my policy keeps the contract', () => assertPolicyContract(myPolicy, { numRuns: 10 }));
 * ```
 * @packageDocumentation
 */
export { scenarioArbitrary, type ScenarioSample } from './arbitraries.ts';
export {
  checkPolicyContract,
  assertPolicyContract,
  formatContractFailure,
  type ContractReport,
  type ContractFailure,
  type ContractOptions,
} from './contract.ts';
export { capViolations } from './caps.ts';
