/**
 * aimd: additive increase, multiplicative decrease of the hourly rate per IP and provider, the
 * congestion-control rule of TCP (RFC 5681) applied to a provider's deferrals, as Momentum's
 * Adaptive Delivery adjusts its throttles within bounds (adaptive_adjustment_interval, asymmetric
 * positive interval). Each hour: deferral rate <= `target` -> rate += `increase`; above ->
 * rate *= `decrease`. Deferred messages retry after `retry_after`.
 */
import { z } from 'zod';
import { definePolicy } from './definition.ts';
import { IpHours } from './support/ip-hours.ts';
import { duration } from '../spec/units-schema.ts';
import type { MtaControl } from '../contracts/policy.ts';

export default definePolicy({
  name: 'aimd',
  summary: 'additive increase per clean hour, multiplicative decrease when the deferral rate passes a target (per IP and provider)',
  source: 'RFC 5681 congestion avoidance; Momentum Adaptive Delivery',
  params: z.strictObject({
    initial_rate_per_hour: z.number().positive().default(20),
    increase_per_hour: z.number().positive().default(10),
    decrease: z.number().gt(0).lt(1).default(0.5),
    target_deferral_rate: z.number().min(0).max(1).default(0.02),
    min_rate_per_hour: z.number().positive().default(5),
    max_rate_per_hour: z.number().positive().default(50_000),
    connections: z.number().int().min(1).default(2),
    retry_after: duration().default(1800),
    max_age: duration().default(5 * 86400),
  }),
  create(p) {
    let mta: MtaControl;
    let hours: IpHours;
    let rate: Float64Array;
    const apply = (ip: number, prov: number) =>
      mta.setProviderRate(ip, prov, { limit: rate[ip * mta.providers.length + prov]!, period: 3600, maxBurst: 1 });
    return {
      name: 'aimd',
      setup(m) {
        mta = m;
        hours = new IpHours(m.ips.length, m.providers.length);
        rate = new Float64Array(m.ips.length * m.providers.length).fill(p.initial_rate_per_hour);
        for (let ip = 0; ip < m.ips.length; ip++) for (let prov = 0; prov < m.providers.length; prov++) apply(ip, prov);
        for (let path = 0; path < m.pathCount; path++) m.setPathConnections(path, p.connections);
        m.setMaxAge(p.max_age);
      },
      onReply(path, reply) {
        hours.record(mta.pathIp(path), mta.pathProvider(path), reply);
      },
      retryAt: (_m, _r, now) => now + p.retry_after,
      onHour() {
        for (let ip = 0; ip < mta.ips.length; ip++) {
          for (let prov = 0; prov < mta.providers.length; prov++) {
            if (hours.attempts(ip, prov) === 0) continue;
            const k = ip * mta.providers.length + prov;
            const r = hours.rate(ip, prov) <= p.target_deferral_rate ? rate[k]! + p.increase_per_hour : rate[k]! * p.decrease;
            rate[k] = Math.min(p.max_rate_per_hour, Math.max(p.min_rate_per_hour, r));
            apply(ip, prov);
          }
        }
        hours.roll();
      },
    };
  },
});
