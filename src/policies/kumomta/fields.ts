/**
 * Value types of KumoMTA's configuration files as zod fields: throttles (`"100/h"`,
 * `"100/day,max_burst=1"`; crates/throttle ThrottleSpec), durations (`"90m"`, `"2 hours"`;
 * duration_serde) and limits (`10` or `"local:10"`; LimitSpec).
 */
import { z } from 'zod';
import { parseThrottle, type ThrottleSpec } from '../../spec/throttle.ts';
import { parseDuration } from '../../spec/units.ts';

export const throttleField = z.union([z.string(), z.number()]).transform((v, ctx): ThrottleSpec => {
  const t = parseThrottle(String(v));
  if (typeof t === 'string') {
    ctx.addIssue({ code: 'custom', message: t });
    return z.NEVER;
  }
  return t;
});

export const durationField = z.union([z.string(), z.number()]).transform((v, ctx): number => {
  const d = typeof v === 'number' ? v : parseDuration(v);
  if (d === undefined) {
    ctx.addIssue({ code: 'custom', message: `invalid duration ${JSON.stringify(v)} (expected e.g. "90m", "2 hours")` });
    return z.NEVER;
  }
  return d;
});

export const intField = z
  .union([z.number().int().min(0), z.string().regex(/^(local:)?\d+$/)])
  .transform((v) => (typeof v === 'number' ? v : Number(v.replace('local:', ''))));
