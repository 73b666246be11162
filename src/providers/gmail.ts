/** Gmail (gmail.com, googlemail.com; MX *.google.com): the lighter Gmail model (src/receivers/gmail.ts). */
import { GmailReceiver, GMAIL_PARAMS } from '../receivers/gmail.ts';
import { defineProvider, fixedDomains } from './provider.ts';

const DOMAINS = fixedDomains('google.com', [
  ['gmail.com', 0.97],
  ['googlemail.com', 0.03],
]);

export default defineProvider({
  name: 'gmail',
  summary: 'Gmail: reputation categories, spam-folder preference, 4.7.28 unusual-rate cooldowns, 5.7.28 blocks',
  observable: '',
  params: GMAIL_PARAMS,
  permissive: { floorIp: 1e9, floorDomain: 1e9, pLow: 0, pBad: 0, authDeferShare: 0, mode: 'expected' },
  domains: () => DOMAINS,
  create: (ctx, seed, o) => new GmailReceiver(ctx.scenario, ctx.topo, ctx.replies, seed, o),
});
