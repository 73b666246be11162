/**
 * Every mailbox provider the simulator models, in id order (ids index every per-provider array:
 * metrics, shaping, topology). Adding a provider: one file beside this one and one line here.
 */
import { hash32 } from '../engine/hash.ts';
import type { ReceiverFactory } from '../contracts/receiver.ts';
import type { ProviderDefinition } from './provider.ts';
import { ScriptedReceiver } from '../receivers/scripted.ts';
import microsoft from './microsoft.ts';
import gmail from './gmail.ts';
import yahoo from './yahoo.ts';
import corporate from './corporate.ts';
import m365 from './m365.ts';

export const PROVIDERS: readonly ProviderDefinition[] = [microsoft, gmail, yahoo, corporate, m365];

function findProvider(name: string): ProviderDefinition | undefined {
  return PROVIDERS.find((p) => p.name === name);
}

/** One receiver per provider of the topology, each with its own counter-based seed and the scenario's overrides; a scenario's `script` replaces the model. */
export const defaultReceivers: ReceiverFactory = (ctx) =>
  ctx.topo.providers.map((name, i) => {
    const def = findProvider(name);
    if (def === undefined) throw new Error(`bug: no provider plug-in named "${name}"`);
    const seed = hash32(ctx.seed, 0x5ece17e5, i);
    const script = ctx.scenario.scripts[name];
    if (script !== undefined)
      return new ScriptedReceiver(
        name,
        script,
        ctx.topo.ips.map((x) => x.address),
        ctx.replies,
        seed,
      );
    return def.create(ctx, seed, ctx.scenario.receivers[name] ?? {});
  });
