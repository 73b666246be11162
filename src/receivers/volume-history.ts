/**
 * A sender's established hourly rate, the history a receiver judges new traffic against
 * (docs/receiver-model.md 2.4, the December 2026 change: history must not count idle hours).
 *
 * A sending day's rate is its accepted messages per *active* hour (an hour with at least one
 * attempt), so a sender mailing 08:00-20:00 and one mailing around the clock at the same hourly
 * rate have the same history. At each day boundary the day's rate replaces the history when
 * higher, else the history fades by e^(-24 h / tau); days without sending fade it the same way:
 *
 *   H_d = max(r_(d-1), H_(d-1) · e^(-24/tau)) · e^(-24 · idleDays / tau)
 *
 * Within a day the history is fixed, so growth is judged per day (Gmail: "doubling ... could
 * result in rate limiting"; ESP ramps grow per sending day), a burst above history meets the
 * capacity it allows, and a pause of d days leaves e^(-24 d / tau) of it (x0.1 per week at
 * tau = 72 h). O(1) per event: a key folds its completed days in when it is next touched.
 */
export class VolumeHistory {
  /** Established rate per key, messages per active hour. */
  readonly level: Float64Array;
  private readonly day: Float64Array;
  private readonly accepted: Float64Array;
  private readonly activeHours: Float64Array;
  private readonly lastHour: Float64Array;
  private readonly dayFade: number;

  constructor(
    n: number,
    private readonly tauHours: number,
    initial: number,
  ) {
    this.level = new Float64Array(n).fill(initial);
    this.day = new Float64Array(n);
    this.accepted = new Float64Array(n);
    this.activeHours = new Float64Array(n);
    this.lastHour = new Float64Array(n).fill(-1);
    this.dayFade = Math.exp(-24 / tauHours);
  }

  /** The established rate of key i at `now`. */
  at(i: number, now: number): number {
    this.roll(i, now);
    return this.level[i]!;
  }

  /** An attempt at `now`: its hour counts as active. */
  attempt(i: number, now: number): void {
    this.roll(i, now);
    const h = Math.floor(now / 3600);
    if (h !== this.lastHour[i]) {
      this.lastHour[i] = h;
      this.activeHours[i]!++;
    }
  }

  /** An accepted message at `now` (after its attempt). */
  accept(i: number, now: number): void {
    this.roll(i, now);
    this.accepted[i]!++;
  }

  /** Sets a key's history as of day 0 (a warmed IP or domain). */
  preset(i: number, level: number): void {
    this.level[i] = level;
  }

  private roll(i: number, now: number): void {
    const d = Math.floor(now / 86400);
    const cur = this.day[i]!;
    if (d === cur) return;
    let h = this.level[i]!;
    let idle = d - cur;
    if (this.activeHours[i]! > 0) {
      h = Math.max(this.accepted[i]! / this.activeHours[i]!, h * this.dayFade);
      idle--;
    }
    this.level[i] = idle > 0 ? h * Math.exp((-24 * idle) / this.tauHours) : h;
    this.day[i] = d;
    this.accepted[i] = 0;
    this.activeHours[i] = 0;
  }
}
