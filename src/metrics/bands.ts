/**
 * The seed article's deferral-rate bands, used as the gate for warm-up growth:
 * Healthy 0-2 % (continue), Watch 2-5 % (hold volume), Throttle 5-15 % (reduce the hourly rate),
 * Pause 15 %+ (stop growth, escalate after checks pass). Deferral rate = 4xx / attempts.
 */
export const BANDS = [
  { band: 'healthy', upTo: 0.02, action: 'continue the current pace' },
  { band: 'watch', upTo: 0.05, action: 'hold volume steady' },
  { band: 'throttle', upTo: 0.15, action: 'reduce the hourly rate' },
  { band: 'pause', upTo: Infinity, action: 'pause growth, escalate after checks pass' },
] as const;

export type Band = (typeof BANDS)[number]['band'];

/** The band of a deferral rate (the boundaries belong to the lower band: 2 % is Healthy). */
export function bandOf(deferralRate: number): Band {
  for (const b of BANDS) if (deferralRate <= b.upTo) return b.band;
  return 'pause';
}
