/**
 * A user policy (see README "Your own policy"): the seed article's pacing, plus "pause the
 * Microsoft path for an hour after three 4.7.650 in ten minutes" instead of on the first one.
 * It sees only what an MTA sees: replies, the clock and the MtaControl it is given.
 */
import { definePolicy, z, type MtaControl } from 'warmup-sim';

export default definePolicy({
  name: 'pause-after-three',
  summary: 'Microsoft at an hourly cap per IP; three 4.7.650 within ten minutes pause that path for an hour',
  source: 'examples/policies: a user-written policy',
  params: z.strictObject({
    rate_per_ip_per_hour: z.number().positive().default(20),
    threshold: z.number().int().min(1).default(3),
    window_minutes: z.number().positive().default(10),
    pause_minutes: z.number().positive().default(60),
    retry_minutes: z.number().positive().default(30),
  }),
  create(p) {
    let mta: MtaControl;
    let ms = -1;
    const recent: number[][] = [];
    return {
      name: 'pause-after-three',
      setup(m) {
        mta = m;
        ms = m.providers.indexOf('microsoft');
        for (let ip = 0; ip < m.ips.length; ip++) {
          m.setProviderRate(ip, ms, { limit: p.rate_per_ip_per_hour, period: 3600, maxBurst: 1 });
          m.setProviderConnections(ip, ms, 2);
        }
        for (let path = 0; path < m.pathCount; path++) recent[path] = [];
      },
      onReply(path, reply, now) {
        if (mta.pathProvider(path) !== ms || reply.enhanced !== '4.7.650') return;
        const times = recent[path]!.filter((t) => t > now - p.window_minutes * 60);
        times.push(now);
        recent[path] = times;
        if (times.length >= p.threshold) {
          mta.suspendPath(path, now + p.pause_minutes * 60);
          recent[path] = [];
        }
      },
      retryAt: (_msg, _reply, now) => now + p.retry_minutes * 60,
    };
  },
});
