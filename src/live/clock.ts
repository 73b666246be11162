/**
 * The model clock of live mode: model time runs `scale` times as fast as the wall clock
 * (scale 1..3600, so a model week passes in 168 s at 3600), starting at `startAt` model seconds
 * when the server starts. Live mode is the one place that reads the wall clock: a real MTA talks
 * to it in real time, so a live run cannot be deterministic (its transcript can be replayed
 * deterministically, see replay.ts). The wall clock is injectable so tests can drive it.
 */
import { performance } from 'node:perf_hooks';

/** Milliseconds on a monotonic wall clock. */
export type WallClock = () => number;

const monotonicMs: WallClock = () => performance.now(); // wall-clock-ok: live mode serves real clients in real time

export const MAX_SCALE = 3600;

export class ModelClock {
  private readonly wallStart: number;
  private last: number;

  constructor(
    readonly scale: number,
    readonly startAt = 0,
    private readonly wall: WallClock = monotonicMs,
  ) {
    if (!(scale >= 1 && scale <= MAX_SCALE)) throw new RangeError(`time scale must be between 1 and ${MAX_SCALE}, got ${scale}`);
    this.wallStart = wall();
    this.last = startAt;
  }

  /** Wall milliseconds since the clock started. */
  wallMs(): number {
    return this.wall() - this.wallStart;
  }

  /** Model seconds now; never goes backwards. */
  now(): number {
    const t = this.startAt + (this.wallMs() / 1000) * this.scale;
    if (t > this.last) this.last = t;
    return this.last;
  }

  /** Wall milliseconds until model time `t` (0 if it has passed). */
  wallMsUntil(t: number): number {
    return Math.max(0, ((t - this.now()) / this.scale) * 1000);
  }
}
