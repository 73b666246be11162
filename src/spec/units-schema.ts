/**
 * zod types for the units scenario files and policy parameters are written in: durations
 * ("30m", "2h", "7d" or a number of seconds), throttles ("20/h", "100/day,max_burst=1").
 * Each parses to its normalised value and reports what was expected when it cannot.
 */
import { z } from 'zod';
import { parseDuration } from './units.ts';
import { parseThrottle, type ThrottleSpec } from './throttle.ts';

/** A duration: "30m", "2h", "7d", "1h30m", or a number of seconds; parses to seconds (>= 0). */
export const duration = () =>
  z.union([z.number(), z.string()]).transform((v, ctx): number => {
    const s = typeof v === 'number' ? v : parseDuration(v);
    if (s === undefined || !Number.isFinite(s) || s < 0) {
      ctx.addIssue({ code: 'custom', message: `invalid duration ${JSON.stringify(v)} (expected e.g. "30m", "2h", "7d" or seconds >= 0)` });
      return z.NEVER;
    }
    return s;
  });

/** A throttle "N/period[,max_burst=B]" (KumoMTA syntax). */
const throttle = () =>
  z.string().transform((v, ctx): ThrottleSpec => {
    const t = parseThrottle(v);
    if (typeof t === 'string') {
      ctx.addIssue({ code: 'custom', message: t });
      return z.NEVER;
    }
    return t;
  });

/** A throttle, or "unlimited" (PowerMTA) / null for none. */
export const optionalThrottle = () =>
  z.union([z.literal('unlimited'), z.null(), z.string()]).transform((v, ctx): ThrottleSpec | undefined => {
    if (v === null || v === 'unlimited') return undefined;
    const t = parseThrottle(v);
    if (typeof t === 'string') {
      ctx.addIssue({ code: 'custom', message: t });
      return z.NEVER;
    }
    return t;
  });
