/**
 * When each site is pumped: requests at one instant coalesce into one engine event that pumps
 * every requested site once, and a wake (suspension end, connect backoff, held mail) pumps a site
 * at a later time, keeping at most the earliest pending wake per site.
 */
import type { Simulation } from '../engine/simulation.ts';

export class SiteWakes {
  /** What a pump does (set once by the MTA's wiring). */
  pump: (site: number) => void = () => {};
  private readonly pending: Uint8Array;
  private dirty: number[] = [];
  private flushPending = false;
  /** Time of the pending wake per site (Infinity: none). */
  readonly wakeAt: Float64Array;

  constructor(
    private readonly sim: Simulation,
    sites: number,
  ) {
    this.pending = new Uint8Array(sites);
    this.wakeAt = new Float64Array(sites).fill(Infinity);
  }

  /** Marks the site for a pump; one engine event pumps every marked site at this instant. */
  request(site: number): void {
    if (this.pending[site] === 0) {
      this.pending[site] = 1;
      this.dirty.push(site);
      if (!this.flushPending) {
        this.flushPending = true;
        this.sim.after(0, this.onFlush);
      }
    }
  }

  private readonly onFlush = (): void => {
    this.flushPending = false;
    const sites = this.dirty;
    this.dirty = [];
    for (const site of sites) {
      this.pending[site] = 0;
      this.pump(site);
    }
  };

  /** Make sure the site is pumped again at `t`. */
  at(site: number, t: number): void {
    const now = this.sim.now;
    if (t === Infinity) return;
    if (t <= now) return this.request(site);
    // a wake at or before t is pending (one at `now` has not fired yet: onWake clears wakeAt)
    if (this.wakeAt[site]! >= now && this.wakeAt[site]! <= t) return;
    this.wakeAt[site] = t;
    this.sim.at(t, this.onWake, site);
  }

  private readonly onWake = (site: number): void => {
    if (this.wakeAt[site] === this.sim.now) this.wakeAt[site] = Infinity;
    this.pump(site);
  };
}
