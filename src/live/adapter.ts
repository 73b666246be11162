/**
 * Live mode's one door into the rest of warmup-sim: every lead-owned type and function that
 * src/live/ uses is re-exported here, so that moving a module (receivers/ -> contracts/,
 * mail/units -> spec/, ...) is a one-line change in this file.
 */
export type { AttemptInfo, Receiver } from '../receivers/receiver.ts';
export { REACTION } from '../receivers/receiver.ts';
export { defaultReceivers } from '../receivers/registry.ts';
export type { Reply } from '../smtp/reply.ts';
export { ReplyTable } from '../smtp/reply.ts';
export { classify } from '../smtp/classifier.ts';
export type { ReplyClass } from '../smtp/classes.ts';
export { MS_TEXTS, M365_TEXTS, GMAIL_TEXTS, YAHOO_TEXTS, GENERIC_TEXTS, fill } from '../smtp/texts.ts';
export type { Scenario, ProviderName, SegmentSpec } from '../scenario/model.ts';
export { PROVIDERS } from '../scenario/model.ts';
export { loadScenarioFile, loadScenarioText, ScenarioError } from '../scenario/load.ts';
export { Topology } from '../mail/topology.ts';
export { parseDuration, formatDuration } from '../mail/units.ts';
export { Simulation } from '../engine/simulation.ts';
export { hash32, hashUniform, seed32 } from '../engine/hash.ts';
export { normalQuantile } from '../audience/reactions.ts';
export { bandOf, type Band } from '../policies/support/bands.ts';
