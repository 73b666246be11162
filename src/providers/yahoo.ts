/** Yahoo and AOL (MX *.yahoodns.net): the TSS04 penalty-box model (src/receivers/yahoo.ts). */
import { YahooReceiver, YAHOO_PARAMS } from '../receivers/yahoo.ts';
import { defineProvider, fixedDomains } from './provider.ts';

const DOMAINS = fixedDomains('yahoodns.net', [
  ['yahoo.com', 0.5],
  ['aol.com', 0.25],
  ['ymail.com', 0.05],
  ['yahoo.co.uk', 0.1],
  ['yahoo.fr', 0.08],
  ['rocketmail.com', 0.02],
]);

export default defineProvider({
  name: 'yahoo',
  summary: 'Yahoo/AOL: TSS04 penalty box on volume or complaints, 20 messages per connection',
  observable: 'CFL complaint copies',
  params: YAHOO_PARAMS,
  permissive: { floor: 1e9, pMax: 0, perConnection: 1e9, mode: 'expected' },
  domains: () => DOMAINS,
  create: (ctx, seed, o) => new YahooReceiver(ctx.scenario, ctx.topo, ctx.replies, seed, o),
});
