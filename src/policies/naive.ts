/**
 * naive: no throttle and a fixed retry interval: everything goes out at once over many
 * connections and every deferred message comes back after `retry_after`, never slowing down.
 * The "push harder" anti-pattern the seed article warns about ("Increasing Microsoft volume while
 * this error is active usually creates more deferrals. Fast retries can also look like a second
 * volume spike."). `resend_rejected` also retransmits after 5xx, a policy violation.
 */
import { z } from 'zod';
import { definePolicy } from './definition.ts';
import { duration } from '../spec/units-schema.ts';

export default definePolicy({
  name: 'naive',
  summary: 'no throttle, 10 connections, every deferral retried after a fixed interval: the "push harder" anti-pattern',
  source: 'seed article, "Do not solve this by pushing harder"',
  params: z.strictObject({
    retry_after: duration().default(300),
    connections: z.number().int().min(1).default(10),
    max_age: duration().default(3 * 86400),
    resend_rejected: z.boolean().default(false),
  }),
  create(p) {
    return {
      name: 'naive',
      resendRejected: p.resend_rejected,
      setup(m) {
        for (let path = 0; path < m.pathCount; path++) m.setPathConnections(path, p.connections);
        m.setMaxAge(p.max_age);
      },
      onReply() {},
      retryAt: (_m, _r, now) => now + p.retry_after,
    };
  },
});
