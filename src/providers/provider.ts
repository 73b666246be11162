/**
 * A mailbox provider as a plug-in: the recipient domains it serves and the MX hosts they roll up
 * to, the receiver model that answers for it with its documented parameter table, and the
 * observable report it publishes, if any. Adding a provider is one file like the ones beside this
 * and one line in ./registry.ts; topology, audience, metrics and reports iterate the registry.
 */
import type { Receiver, ReceiverContext } from '../contracts/receiver.ts';
import type { ProviderDomains, RecipientDomainSpec } from '../spec/topology.ts';
import type { AudienceSpec } from '../spec/scenario.ts';
import type { ParamTable } from '../receivers/params.ts';

export interface ProviderDefinition extends ProviderDomains {
  /** The key scenario files use (`audience.providers.<name>`, `receivers.<name>.params`). */
  readonly name: string;
  readonly summary: string;
  /** What a sender observes besides replies (a daily report, a feedback loop), in one line; '' if nothing. */
  readonly observable: string;
  /** Its receiver's parameters: defaults, one doc line and an evidence label each. */
  readonly params: ParamTable;
  /**
   * Overrides under which the receiver accepts every attempt of a clean, authenticated sender
   * (no throttles, connection limits, greylisting or reputation deferrals): a sink for testing an
   * MTA's mechanics, and what the receiver contract suite checks.
   */
  readonly permissive: Readonly<Record<string, number | boolean | string>>;
  domains(audience: AudienceSpec): readonly RecipientDomainSpec[];
  /** The receiver for one run: `overrides` are the scenario's validated `receivers.<name>.params`. */
  create(ctx: ReceiverContext, seed: number, overrides: Readonly<Record<string, unknown>>): Receiver;
}

export function defineProvider(d: ProviderDefinition): ProviderDefinition {
  return d;
}

/** Fixed domains with their share of the provider's recipients, all behind one MX host set. */
export function fixedDomains(mx: string, domains: readonly (readonly [string, number])[]): readonly RecipientDomainSpec[] {
  return domains.map(([name, weight]) => ({ name, mx, weight }));
}
