/**
 * A user policy: additive increase, multiplicative decrease of the hourly Microsoft rate per IP,
 * as TCP's congestion control does (RFC 5681): +`step` per clean hour, x`beta` after an hour with
 * any 4.7.650. Retries after `retry_minutes`.
 */
import { definePolicy, z, type MtaControl } from 'warmup-sim';

export default definePolicy({
  name: 'aimd-hourly',
  summary: 'Microsoft hourly rate per IP: +step after a clean hour, x beta after a deferring one',
  source: 'examples/policies: a user-written policy (RFC 5681 additive increase, multiplicative decrease)',
  params: z.strictObject({
    start: z.number().positive().default(20),
    step: z.number().positive().default(4),
    beta: z.number().gt(0).lt(1).default(0.5),
    retry_minutes: z.number().positive().default(30),
  }),
  create(p) {
    let mta: MtaControl;
    let ms = -1;
    let rate: number[] = [];
    let deferred: boolean[] = [];
    const apply = (ip: number) => mta.setProviderRate(ip, ms, { limit: rate[ip]!, period: 3600, maxBurst: 1 });
    return {
      name: 'aimd-hourly',
      setup(m) {
        mta = m;
        ms = m.providers.indexOf('microsoft');
        rate = m.ips.map(() => p.start);
        deferred = m.ips.map(() => false);
        m.ips.forEach((_, ip) => apply(ip));
      },
      onReply(path, reply) {
        if (mta.pathProvider(path) === ms && reply.temporary) deferred[mta.pathIp(path)] = true;
      },
      onHour() {
        for (let ip = 0; ip < rate.length; ip++) {
          rate[ip] = deferred[ip] ? Math.max(1, rate[ip]! * p.beta) : rate[ip]! + p.step;
          deferred[ip] = false;
          apply(ip);
        }
      },
      retryAt: (_msg, _reply, now) => now + p.retry_minutes * 60,
    };
  },
});
