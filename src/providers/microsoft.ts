/**
 * Outlook.com consumer mail (hotmail, outlook, live, msn and their country domains): every domain's
 * MX is *.olc.protection.outlook.com, which KumoMTA's shipped shaping rolls up as provider
 * "outlook". Answered by the full Microsoft model (src/receivers/microsoft.ts). Domain shares are a
 * modelling choice weighted towards hotmail.com and outlook.com.
 */
import { MicrosoftReceiver } from '../receivers/microsoft.ts';
import { MICROSOFT_PARAMS } from '../receivers/microsoft-params.ts';
import { defineProvider, fixedDomains } from './provider.ts';

const DOMAINS = fixedDomains('olc.protection.outlook.com', [
  ['hotmail.com', 0.42],
  ['outlook.com', 0.3],
  ['live.com', 0.1],
  ['msn.com', 0.03],
  ['hotmail.co.uk', 0.04],
  ['hotmail.fr', 0.03],
  ['outlook.de', 0.02],
  ['live.co.uk', 0.02],
  ['hotmail.it', 0.02],
  ['windowslive.com', 0.02],
]);

export default defineProvider({
  name: 'microsoft',
  summary: 'Outlook.com consumer mail: trust per IP, /24 and domain, capacity from volume history, 4.7.650 throttles, S3150 blocks',
  observable: 'SNDS-like daily report per IP (one day late, IP-days with >= 100 DATA); JMRP complaint copies',
  params: MICROSOFT_PARAMS,
  permissive: { F0: 1e9, fDom: 1e9, pMax: 0, connMin: 1e6, connMax: 1e6, mode: 'expected' },
  domains: () => DOMAINS,
  create: (ctx, seed, o) => new MicrosoftReceiver('microsoft', ctx.scenario, ctx.topo, ctx.replies, seed, o),
});
