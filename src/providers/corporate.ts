/**
 * Corporate mail servers on premises or behind filtering gateways: `audience.corporate_domains`
 * domains, each with its own MX, answered by the generic model (greylisting, anvil-style limits,
 * DNSBL; src/receivers/generic.ts).
 */
import { GenericReceiver, GENERIC_PARAMS } from '../receivers/generic.ts';
import { defineProvider } from './provider.ts';

export default defineProvider({
  name: 'corporate',
  summary: 'corporate MX: greylisting (postgrey), connection and rate limits, DNSBL',
  observable: '',
  params: GENERIC_PARAMS,
  permissive: { greylist: false, maxConnections: 1e6, maxPerMinute: 1e9, mode: 'expected' },
  domains: (audience) => {
    const n = Math.max(1, audience.corporateDomains);
    return Array.from({ length: n }, (_, i) => {
      const name = `corp${String(i + 1).padStart(3, '0')}.example`;
      return { name, mx: `mx.${name}`, weight: 1 / n };
    });
  },
  create: (ctx, seed, o) => new GenericReceiver(ctx.scenario, ctx.topo, ctx.replies, seed, o),
});
