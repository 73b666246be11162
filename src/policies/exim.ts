/**
 * exim: Exim's retry rules with cutoffs measured from the first failure (default
 * configure.default: "F,2h,15m; G,16h,1h,1.5; F,4d,6h"), retry times honoured only at queue
 * runs (`queue_run_interval`, e.g. -q30m), `remote_max_parallel` deliveries per destination.
 * A 4xx to MAIL FROM is a *message* error: it creates a retry record for host + message only, so
 * Exim does not slow down other mail to Microsoft (spec.xfpt "Errors in outgoing SMTP").
 */
import { z } from 'zod';
import { definePolicy } from './definition.ts';
import { nextAttemptAt, parseEximRules, type EximRule, type RetrySchedule } from './support/retry.ts';
import { duration } from '../spec/units-schema.ts';

const rules = z.string().transform((v, ctx) => {
  const r = parseEximRules(v);
  if (typeof r === 'string') {
    ctx.addIssue({ code: 'custom', message: r });
    return z.NEVER;
  }
  return r;
});

export default definePolicy({
  name: 'exim',
  summary: 'Exim retry rules (F,2h,15m; G,16h,1h,1.5; F,4d,6h) from first failure, queue runner every 30 m, no slowing down on MAIL 4xx',
  source: 'Exim configure.default "begin retry"; spec.xfpt "Retry parameters"',
  params: z.strictObject({
    retry: rules.default(parseEximRules('F,2h,15m; G,16h,1h,1.5; F,4d,6h') as EximRule[]),
    queue_run_interval: duration().default(1800),
    remote_max_parallel: z.number().int().min(1).default(4),
    max_age: duration().default(7 * 86400),
  }),
  create(p) {
    const schedule: RetrySchedule = { kind: 'exim', rules: p.retry, queueRunInterval: p.queue_run_interval, maxAge: p.max_age };
    return {
      name: 'exim',
      setup(m) {
        for (let path = 0; path < m.pathCount; path++) m.setPathConnections(path, p.remote_max_parallel);
        m.setMaxAge(p.max_age);
      },
      onReply() {},
      retryAt: (msg, _r, now) => nextAttemptAt(schedule, { ...msg, now, u: 0.5 }),
    };
  },
});
