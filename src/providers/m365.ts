/**
 * Microsoft 365 business tenants: corporate domains whose MX is *.mail.protection.outlook.com
 * (one MX per tenant, as Exchange Online publishes them). The Microsoft model with its own state
 * and Exchange Online Protection reply texts (451 4.7.550, 550 5.7.606).
 */
import { MicrosoftReceiver } from '../receivers/microsoft.ts';
import { MICROSOFT_PARAMS } from '../receivers/microsoft-params.ts';
import { defineProvider } from './provider.ts';

export default defineProvider({
  name: 'm365',
  summary: 'Microsoft 365 tenants: the Microsoft model with separate state and Exchange Online Protection texts',
  observable: '',
  params: MICROSOFT_PARAMS,
  permissive: { F0: 1e9, fDom: 1e9, pMax: 0, connMin: 1e6, connMax: 1e6, mode: 'expected' },
  domains: (audience) => {
    const n = Math.max(1, audience.m365Tenants);
    return Array.from({ length: n }, (_, i) => {
      const name = `tenant${String(i + 1).padStart(3, '0')}.example`;
      return { name, mx: `${name.replace('.', '-')}.mail.protection.outlook.com`, weight: 1 / n };
    });
  },
  create: (ctx, seed, o) => new MicrosoftReceiver('m365', ctx.scenario, ctx.topo, ctx.replies, seed, { texts: 'm365', ...o }),
});
