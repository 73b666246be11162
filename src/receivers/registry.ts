/**
 * The receiver of each provider for a run: Microsoft's full model for Outlook.com and, with its
 * own state and EOP texts, for Microsoft 365 tenants; the lighter Gmail, Yahoo and generic
 * corporate-MX models. Parameter overrides come from the scenario (`receivers.<provider>`).
 */
import { hash32 } from '../engine/hash.ts';
import type { ReceiverFactory } from '../contracts/receiver.ts';
import type { Receiver } from '../contracts/receiver.ts';
import { MicrosoftReceiver } from './microsoft.ts';
import { GmailReceiver } from './gmail.ts';
import { YahooReceiver } from './yahoo.ts';
import { GenericReceiver } from './generic.ts';

export const defaultReceivers: ReceiverFactory = (ctx) =>
  ctx.topo.providers.map((name, i): Receiver => {
    const seed = hash32(ctx.seed, 0x5ece17e5, i);
    const o = ctx.scenario.receivers[name] ?? {};
    switch (name) {
      case 'microsoft':
        return new MicrosoftReceiver(name, ctx.scenario, ctx.topo, ctx.replies, seed, o);
      case 'm365':
        return new MicrosoftReceiver(name, ctx.scenario, ctx.topo, ctx.replies, seed, { texts: 'm365', ...o });
      case 'gmail':
        return new GmailReceiver(ctx.scenario, ctx.topo, ctx.replies, seed, o);
      case 'yahoo':
        return new YahooReceiver(ctx.scenario, ctx.topo, ctx.replies, seed, o);
      case 'corporate':
        return new GenericReceiver(ctx.scenario, ctx.topo, ctx.replies, seed, o);
    }
  });
