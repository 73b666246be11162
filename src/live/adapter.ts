/**
 * Live mode's one door into the rest of warmup-sim: every type and function of other folders that
 * src/live/ uses is re-exported here.
 */
import { PROVIDERS as DEFINITIONS } from '../providers/registry.ts';
import { Topology as SpecTopology } from '../spec/topology.ts';
import type { Scenario } from '../spec/scenario.ts';

export type { AttemptInfo, Receiver } from '../contracts/receiver.ts';
export { REACTION } from '../contracts/observations.ts';
export { defaultReceivers } from '../providers/registry.ts';
export type { Reply } from '../smtp/reply.ts';
export { ReplyTable } from '../smtp/reply.ts';
export type { ReplyClass } from '../smtp/classes.ts';
export { MS_TEXTS, M365_TEXTS, GMAIL_TEXTS, YAHOO_TEXTS, GENERIC_TEXTS, fill } from '../smtp/texts.ts';
export type { Scenario, SegmentSpec } from '../spec/scenario.ts';
export { loadScenarioText } from '../scenario/load.ts';
export { parseDuration, formatDuration } from '../spec/units.ts';
export { Simulation } from '../engine/simulation.ts';
export { hash32, hashUniform, seed32 } from '../engine/hash.ts';
export { normalQuantile } from '../audience/reactions.ts';
export { bandOf } from '../metrics/bands.ts';

/** The mailbox providers the simulator models, by name. */
export type ProviderName = 'microsoft' | 'gmail' | 'yahoo' | 'corporate' | 'm365';
export const PROVIDERS = DEFINITIONS.map((p) => p.name) as readonly ProviderName[];

/** The scenario's topology with the registry's providers. */
export class Topology extends SpecTopology {
  declare readonly providers: readonly ProviderName[];

  constructor(scenario: Scenario) {
    super(scenario, DEFINITIONS);
  }
}
