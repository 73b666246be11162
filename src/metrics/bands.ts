/**
 * The seed article's deferral-rate bands, used as the gate for warm-up growth:
 * Healthy 0-2 % (continue), Watch 2-5 % (hold volume), Throttle 5-15 % (reduce the hourly rate),
 * Pause 15 %+ (stop growth, escalate after checks pass). Deferral rate = 4xx / attempts.
 *
 * Plus a band the article's table leaves implicit and a report must not: **Blocked**, worse than
 * Pause, for a period whose attempts are mostly refused by a block (block-class replies such as
 * Outlook.com's 550 5.7.1 S3150 / S3140, M365's 5.7.606, Gmail's 5.7.28, Yahoo's TSS09: more
 * than half of the attempts, `BLOCKED_SHARE`). A blocked IP defers nothing (every attempt is
 * refused at once), so its deferral rate alone would put it in Healthy.
 */
export const BANDS = [
  { band: 'healthy', upTo: 0.02, action: 'continue the current pace' },
  { band: 'watch', upTo: 0.05, action: 'hold volume steady' },
  { band: 'throttle', upTo: 0.15, action: 'reduce the hourly rate' },
  { band: 'pause', upTo: Infinity, action: 'pause growth, escalate after checks pass' },
  { band: 'blocked', upTo: Infinity, action: 'stop sending from the IP: find the cause, then request mitigation' },
] as const;

export type Band = (typeof BANDS)[number]['band'];

/** Bands from best to worst (a band's index is its rank: larger is worse). */
export const BAND_ORDER: readonly Band[] = BANDS.map((b) => b.band);

/** More than this share of a period's attempts refused by a block puts it in the Blocked band. */
export const BLOCKED_SHARE = 0.5;

/**
 * The band of a period from its deferral rate (4xx / attempts) and the share of its attempts
 * refused by a block: Blocked when `blockShare > BLOCKED_SHARE`, else by the deferral rate (the
 * boundaries belong to the lower band: 2 % is Healthy).
 */
export function bandOf(deferralRate: number, blockShare = 0): Band {
  if (blockShare > BLOCKED_SHARE) return 'blocked';
  for (const b of BANDS) if (deferralRate <= b.upTo) return b.band;
  return 'pause';
}

/** Days (or hours) per band, all bands present. */
export function emptyBandCounts(): Record<Band, number> {
  return { healthy: 0, watch: 0, throttle: 0, pause: 0, blocked: 0 };
}
