/**
 * A rolling 24-hour count per key in 24 hourly buckets (Microsoft's 5,000-a-day authentication
 * rule counts a sending domain's messages over a rolling day).
 */
export class RollingVolume {
  private readonly buckets: Float64Array;
  private readonly hourOf: Float64Array;

  constructor(n: number) {
    this.buckets = new Float64Array(n * 24);
    this.hourOf = new Float64Array(n).fill(-1);
  }

  /** Adds one message for key k at `now` and returns the key's total over the last 24 hours. */
  add(k: number, now: number): number {
    const hour = Math.floor(now / 3600);
    const last = this.hourOf[k]!;
    if (hour !== last) {
      for (let h = Math.max(last + 1, hour - 23); h <= hour; h++) this.buckets[k * 24 + (h % 24)] = 0;
      this.hourOf[k] = hour;
    }
    this.buckets[k * 24 + (hour % 24)]!++;
    let sum = 0;
    for (let b = 0; b < 24; b++) sum += this.buckets[k * 24 + b]!;
    return sum;
  }
}
