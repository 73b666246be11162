/**
 * Source selection for a message (KumoMTA egress pools): smooth weighted round-robin, nginx's
 * algorithm, over the stream's sources that are eligible now: every eligible source gains its
 * weight, the largest wins and pays back the total. A source is eligible while its path is not
 * suspended, its selection throttles conform (path `source_selection_rate`, IP-wide ESP caps, the
 * IP's daily cap), its pool weight is positive and its path's ready queue is not full (KumoMTA
 * `max_ready`): a message goes to another source rather than behind a full queue, and waits in the
 * holding queue only when every source is out.
 */
import type { Shaping } from './shaping.ts';

export class SourceSelector {
  /** Current pool weight of each IP (a policy may change it, e.g. SES's warm-up percentage). */
  readonly weights: Float64Array;
  /** Smooth weighted round-robin state per (site, IP). */
  private readonly current: Float64Array;

  constructor(
    weights: readonly number[],
    private readonly nSites: number,
    /** IP ids serving each stream. */
    private readonly streamIps: readonly Int32Array[],
    private readonly shaping: Shaping,
    /** Messages in each path's ready queue (the MTA's counts, read live). */
    private readonly readyByPath: Int32Array,
    private readonly maxReady: number,
    /** How long a message waits before it is selected again when its sources' queues are full. */
    private readonly fullRetry: number,
  ) {
    this.weights = Float64Array.from(weights);
    this.current = new Float64Array(nSites * weights.length);
  }

  private eligible(ip: number, path: number, now: number): boolean {
    return (
      this.weights[ip]! > 0 &&
      this.readyByPath[path]! < this.maxReady &&
      this.shaping.suspendedUntil[path]! <= now &&
      this.shaping.selectable(path, ip, now)
    );
  }

  /** The chosen IP (its selection throttles consumed), or -1 when no source is eligible now. */
  select(site: number, stream: number, now: number): number {
    const base = site * this.weights.length;
    let best = -1;
    let bestCur = -Infinity;
    let total = 0;
    for (const ip of this.streamIps[stream]!) {
      if (!this.eligible(ip, ip * this.nSites + site, now)) continue;
      const w = this.weights[ip]!;
      const cur = (this.current[base + ip]! += w);
      total += w;
      if (cur > bestCur) {
        bestCur = cur;
        best = ip;
      }
    }
    if (best >= 0) {
      this.current[base + best]! -= total;
      this.shaping.consumeSelection(best * this.nSites + site, best, now);
    }
    return best;
  }

  /** Whether some source of the stream could take a message for the site now (no state change). */
  anyEligible(site: number, stream: number, now: number): boolean {
    for (const ip of this.streamIps[stream]!) if (this.eligible(ip, ip * this.nSites + site, now)) return true;
    return false;
  }

  /**
   * Earliest time a source for (site, stream) may become eligible (suspension end, selection
   * throttle; a full ready queue is retried after `fullRetry`); Infinity if none.
   */
  nextEligibleAt(site: number, stream: number, now: number): number {
    let t = Infinity;
    for (const ip of this.streamIps[stream]!) {
      if (this.weights[ip]! <= 0) continue;
      const path = ip * this.nSites + site;
      const full = this.readyByPath[path]! >= this.maxReady ? this.fullRetry : 0;
      const at = Math.max(this.shaping.suspendedUntil[path]!, now + Math.max(full, this.shaping.selectionWait(path, ip, now)));
      if (at < t) t = at;
    }
    return t;
  }
}
