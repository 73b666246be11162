/**
 * Turns the scenario's streams into injected messages.
 *
 * Bulk: each day at `sendAt` the day's planned volume is split over providers by their share of
 * the audience, capped by the policy's `dailyBudget`, and sent down each provider's list in
 * rotation (a cursor per stream and provider), the providers interleaved within each batch as a
 * real list is, skipping suppressed
 * recipients, segments the stream does not mail, and recipients the policy's audience rule
 * (`admit`) turns down; all at once, or evenly over `spread` seconds in one-minute batches.
 * Planned messages not injected (budget, audience rule, list exhausted) are counted as withheld.
 *
 * Transactional: Poisson arrivals, rate `perDay / 24 * diurnal[hour]`, drawn per hour and spread
 * uniformly within it; recipients uniform over the audience (not suppressed); never budgeted.
 * Messages get a tag keyed on (stream, day or arrival number, recipient) for reaction draws.
 *
 * List order is recipient id order. Recipients' traits are drawn independently per id
 * (src/audience/audience.ts), so id order is already a random order, and walking it touches the
 * audience's arrays sequentially: at 1M messages a day a shuffled order made every lookup a cache
 * miss (bench/results/scale.md).
 */
import type { Simulation } from '../engine/simulation.ts';
import type { RandomStream, RandomStreams } from '../engine/random.ts';
import { hash32, hashUniform } from '../engine/hash.ts';
import type { Audience } from '../audience/audience.ts';
import type { Policy } from '../contracts/policy.ts';
import type { BulkStreamSpec, StreamSpec, TransactionalStreamSpec } from '../spec/scenario.ts';
import type { RunMetrics } from '../metrics/run-metrics.ts';
import type { Mta } from './mta.ts';

export class Injector {
  /** One rotation order per provider: its recipients in id order. */
  private readonly rotation: Int32Array[];
  /** Cursor per (stream, provider). */
  private readonly cursor: Int32Array;
  private readonly providerShare: Float64Array;
  private readonly bulkSegments: Uint8Array[];
  /** Messages still to inject in the current campaign, and its total, per (stream, provider). */
  private readonly remaining: Float64Array;
  private readonly total: Float64Array;
  private readonly campaignDay: Int32Array;
  /** Per provider, within one batch: messages due, sent, the round-robin turn, recipients seen (-1: exhausted). */
  private readonly due: Float64Array;
  private readonly sent: Float64Array;
  private readonly turn: Float64Array;
  private readonly seen: Float64Array;
  private arrivals = 0;

  constructor(
    private readonly sim: Simulation,
    private readonly streams: readonly StreamSpec[],
    private readonly audience: Audience,
    private readonly mta: Mta,
    private readonly policy: Policy,
    private readonly metrics: RunMetrics,
    private readonly random: RandomStreams,
    private readonly nProviders: number,
    private readonly duration: number,
  ) {
    const counts = new Int32Array(nProviders);
    for (let r = 0; r < audience.size; r++) counts[audience.provider(r)]!++;
    this.rotation = Array.from(counts, (c) => new Int32Array(c));
    const fill = new Int32Array(nProviders);
    for (let r = 0; r < audience.size; r++) {
      const p = audience.provider(r);
      this.rotation[p]![fill[p]!++] = r;
    }
    this.cursor = new Int32Array(streams.length * nProviders);
    this.remaining = new Float64Array(streams.length * nProviders);
    this.total = new Float64Array(streams.length * nProviders);
    this.campaignDay = new Int32Array(streams.length);
    this.due = new Float64Array(nProviders);
    this.sent = new Float64Array(nProviders);
    this.turn = new Float64Array(nProviders);
    this.seen = new Float64Array(nProviders);
    this.providerShare = Float64Array.from(counts, (c) => c / Math.max(1, audience.size));
    this.bulkSegments = streams.map((s) => {
      const mask = new Uint8Array(audience.segments.length);
      const names = s.kind === 'bulk' ? s.segments : [];
      audience.segments.forEach((seg, i) => (mask[i] = names.length === 0 || names.includes(seg.name) ? 1 : 0));
      return mask;
    });
  }

  /** Schedules every stream over the run's duration. */
  start(): void {
    const days = Math.ceil(this.duration / 86400);
    this.streams.forEach((s, k) => {
      if (s.kind === 'bulk') {
        for (let d = 0; d < days; d++) {
          const t = d * 86400 + s.sendAt;
          if (t < this.duration) this.sim.at(t, this.onCampaign, d * 256 + k);
        }
      } else {
        this.sim.every(3600, this.onTransactionalHour(k, s), 0);
      }
    });
  }

  private readonly onCampaign = (payload: number): void => {
    const k = payload % 256;
    const day = (payload - k) / 256;
    const s = this.streams[k] as BulkStreamSpec;
    const planned = s.perDay[Math.min(day, s.perDay.length - 1)]!;
    this.campaignDay[k] = day;
    const wants = apportion(planned, this.providerShare);
    for (let p = 0; p < this.nProviders; p++) {
      const want = wants[p]!;
      const budget = Math.min(want, Math.max(0, Math.floor(this.policy.dailyBudget?.(k, p, day, want) ?? want)));
      if (want > budget) this.metrics.recordWithheld(this.sim.now, p, k, want - budget);
      const ci = k * this.nProviders + p;
      // a campaign still injecting when the next one starts: its rest is withheld
      if (this.remaining[ci]! > 0) this.metrics.recordWithheld(this.sim.now, p, k, this.remaining[ci]!);
      this.remaining[ci] = budget;
      this.total[ci] = budget;
    }
    const batches = Math.max(1, Math.round(s.spread / 60));
    for (let b = 0; b < batches; b++) this.sim.after(b * 60, this.onBatch, (b * 256 + k) * 4096 + (batches % 4096));
  };

  /**
   * One batch of a campaign: its even share of each provider's budget, injected interleaved across
   * providers as a real list is (smooth weighted round-robin over the providers' shares, so a
   * batch of 40 % Microsoft recipients is 40 % Microsoft throughout, not Microsoft first).
   */
  private readonly onBatch = (payload: number): void => {
    const batches = payload % 4096 || 4096;
    const rest = (payload - (payload % 4096)) / 4096;
    const k = rest % 256;
    const b = (rest - k) / 256;
    const day = this.campaignDay[k]!;
    const due = this.due;
    const sent = this.sent;
    let total = 0;
    for (let p = 0; p < this.nProviders; p++) {
      const ci = k * this.nProviders + p;
      const t = this.total[ci]!;
      // cumulative rounding: after batch b exactly round(t·(b+1)/batches) are due in all
      due[p] = Math.min(this.remaining[ci]!, Math.round((t * (b + 1)) / batches) - Math.round((t * b) / batches));
      sent[p] = 0;
      this.turn[p] = 0;
      this.seen[p] = 0;
      total += due[p]!;
    }
    const now = this.sim.now;
    for (let left = total; left > 0; left--) {
      // smooth weighted round-robin: every provider with mail still due gains its share, the largest goes
      let best = -1,
        bestTurn = -Infinity,
        weight = 0;
      for (let p = 0; p < this.nProviders; p++) {
        if (sent[p]! >= due[p]! || this.seen[p]! < 0) continue;
        this.turn[p]! += due[p]!;
        weight += due[p]!;
        if (this.turn[p]! > bestTurn) {
          bestTurn = this.turn[p]!;
          best = p;
        }
      }
      if (best < 0) break;
      this.turn[best]! -= weight;
      if (this.injectNext(k, best, day, now)) sent[best]!++;
      else this.seen[best] = -1; // the list is exhausted for this batch
    }
    for (let p = 0; p < this.nProviders; p++) {
      const ci = k * this.nProviders + p;
      this.remaining[ci]! -= due[p]!;
      if (sent[p]! < due[p]!) this.metrics.recordWithheld(now, p, k, due[p]! - sent[p]!);
    }
  };

  /**
   * Injects provider p's next recipient for stream k (rotation order), skipping suppressed
   * recipients, segments the stream does not mail and recipients the policy's audience rule turns
   * down; false when the provider's list has been walked once in this batch without one.
   */
  private injectNext(k: number, p: number, day: number, now: number): boolean {
    const list = this.rotation[p]!;
    const a = this.audience;
    const segs = this.bulkSegments[k]!;
    const ci = k * this.nProviders + p;
    let i = this.cursor[ci]!;
    while (this.seen[p]! < list.length) {
      this.seen[p]!++;
      const r = list[i]!;
      if (++i === list.length) i = 0;
      if (a.isSuppressed(r)) continue;
      const seg = a.segment[r]!;
      if (segs[seg] === 0) continue;
      if (this.policy.admit !== undefined && !this.policy.admit(k, p, seg, a.recencyDays(r, now))) continue;
      this.cursor[ci] = i;
      this.mta.inject(r, k, hash32(k, day, r));
      return true;
    }
    this.cursor[ci] = i;
    return false;
  }

  private onTransactionalHour(k: number, s: TransactionalStreamSpec): (hour: number) => void {
    const rng = this.random.get(`stream/${s.name}`);
    const salt = this.random.get(`stream/${s.name}/recipients`).int(0x7fffffff);
    const mean = s.diurnal.reduce((x, y) => x + y, 0) / 24 || 1;
    const sendAt = (): void => this.injectTransactional(k, salt);
    return (hour) => {
      const start = hour * 3600;
      if (start >= this.duration) return;
      const n = rng.poisson(((s.perDay / 24) * s.diurnal[hour % 24]!) / mean);
      for (let i = 0; i < n; i++) this.sim.at(start + rng.uniform(0, 3600), sendAt);
    };
  }

  /**
   * One transactional message to a random unsuppressed recipient. The recipient is a counter-based
   * draw on (stream salt, arrival number, try), so a recipient suppressed in one run but not in
   * another changes only that arrival's choice, not every later one (common random numbers).
   */
  private injectTransactional(k: number, salt: number): void {
    const a = this.audience;
    const n = ++this.arrivals;
    for (let tries = 0; tries < 20; tries++) {
      const r = Math.floor(hashUniform(salt, n, tries) * a.size);
      if (a.isSuppressed(r)) continue;
      this.mta.inject(r, k, hash32(k, 0x7fffffff, n));
      return;
    }
  }
}

/** Splits `total` into integers proportional to `shares` summing to `total` (largest remainder). */
function apportion(total: number, shares: ArrayLike<number>): number[] {
  let sum = 0;
  for (let i = 0; i < shares.length; i++) sum += shares[i]!;
  if (!(sum > 0)) return Array.from(shares, () => 0);
  const exact = Array.from(shares, (x) => (total * x) / sum);
  const out = exact.map(Math.floor);
  let left = total - out.reduce((a, b) => a + b, 0);
  const order = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (const [, i] of order) {
    if (left <= 0) break;
    out[i]!++;
    left--;
  }
  return out;
}
