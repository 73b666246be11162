/**
 * Per-path and per-(IP, provider) limits and their live state, in typed arrays: the egress
 * shaping a policy declares (KumoMTA make_egress_path: connection_limit, max_message_rate,
 * max_deliveries_per_connection; provider_connection_limit / provider_max_message_rate shared
 * across a provider's sites for one source) and the suspensions it orders (TSA Suspend).
 * Defaults follow KumoMTA's shipped `["default"]` block: 10 connections, 100 messages per
 * connection, no message-rate cap.
 */
import type { ThrottleSpec } from '../spec/throttle.ts';
import { gcraConsume, gcraWait } from '../spec/throttle.ts';

export interface ShapingChange {
  readonly time: number;
  readonly scope: 'path' | 'provider';
  readonly key: number;
  readonly slot: number;
  readonly spec: ThrottleSpec | undefined;
  /** Transaction starts recorded before this change (orders changes and starts at one instant). */
  readonly startsBefore: number;
}

export class Shaping {
  readonly connLimit: Int32Array;
  readonly perConn: Int32Array;
  readonly conns: Int32Array;
  readonly suspendedUntil: Float64Array;
  /** No new connection on the path before this time (after a refusal or a long throttle wait). */
  readonly nextConnectAt: Float64Array;
  /** GCRA per path, two slots: interval (0 = unlimited), tolerance, TAT at [2 * path + slot]. */
  private readonly rT: Float64Array;
  private readonly rTau: Float64Array;
  private readonly rTat: Float64Array;
  /** Per (IP, provider) key = ip * nProviders + provider. */
  readonly provConnLimit: Int32Array;
  readonly provConns: Int32Array;
  private readonly pT: Float64Array;
  private readonly pTau: Float64Array;
  private readonly pTat: Float64Array;
  /** Per IP, across all sites: a selection throttle (ESP hourly caps), a daily selection cap and its count. */
  private readonly iT: Float64Array;
  private readonly iTau: Float64Array;
  private readonly iTat: Float64Array;
  readonly ipDailyCap: Float64Array;
  readonly ipDayCount: Float64Array;
  private readonly ipDay: Float64Array;
  /** Per IP: the daily cap paced over the day (GCRA of cap per 24 h, burst one hour's share). */
  private readonly dT: Float64Array;
  private readonly dTau: Float64Array;
  private readonly dTat: Float64Array;
  /** Every throttle change, when auditing (contract tests check sends against it). */
  readonly changes: ShapingChange[] | undefined;

  constructor(paths: number, ipProviders: number, ips: number, audit: boolean) {
    this.iT = new Float64Array(ips);
    this.iTau = new Float64Array(ips);
    this.iTat = new Float64Array(ips);
    this.ipDailyCap = new Float64Array(ips).fill(Infinity);
    this.ipDayCount = new Float64Array(ips);
    this.ipDay = new Float64Array(ips).fill(-1);
    this.dT = new Float64Array(ips);
    this.dTau = new Float64Array(ips);
    this.dTat = new Float64Array(ips);
    this.connLimit = new Int32Array(paths).fill(10);
    this.perConn = new Int32Array(paths).fill(100);
    this.conns = new Int32Array(paths);
    this.suspendedUntil = new Float64Array(paths);
    this.nextConnectAt = new Float64Array(paths);
    this.rT = new Float64Array(2 * paths);
    this.rTau = new Float64Array(2 * paths);
    this.rTat = new Float64Array(2 * paths);
    this.provConnLimit = new Int32Array(ipProviders).fill(1_000_000);
    this.provConns = new Int32Array(ipProviders);
    this.pT = new Float64Array(ipProviders);
    this.pTau = new Float64Array(ipProviders);
    this.pTat = new Float64Array(ipProviders);
    this.changes = audit ? [] : undefined;
  }

  setPathRate(path: number, slot: number, spec: ThrottleSpec | undefined, now: number, startsBefore = 0): void {
    const i = 2 * path + slot;
    this.rT[i] = spec === undefined ? 0 : spec.period / spec.limit;
    this.rTau[i] = spec === undefined ? 0 : this.rT[i]! * (spec.maxBurst - 1);
    this.changes?.push({ time: now, scope: 'path', key: path, slot, spec, startsBefore });
  }

  setProviderRate(key: number, spec: ThrottleSpec | undefined, now: number, startsBefore = 0): void {
    this.pT[key] = spec === undefined ? 0 : spec.period / spec.limit;
    this.pTau[key] = spec === undefined ? 0 : this.pT[key]! * (spec.maxBurst - 1);
    this.changes?.push({ time: now, scope: 'provider', key, slot: 0, spec, startsBefore });
  }

  /** Seconds until a message may leave on `path` (0 = now): its max_message_rate (slot 0) and the provider throttle. */
  wait(path: number, provKey: number, now: number): number {
    let w = 0;
    const k = 2 * path;
    if (this.rT[k]! > 0) w = gcraWait(this.rTat[k]!, this.rT[k]!, this.rTau[k]!, now);
    if (this.pT[provKey]! > 0) {
      const x = gcraWait(this.pTat[provKey]!, this.pT[provKey]!, this.pTau[provKey]!, now);
      if (x > w) w = x;
    }
    return w;
  }

  /** Records one message leaving on `path` at `now` (must conform: wait() returned 0). */
  consume(path: number, provKey: number, now: number): void {
    const k = 2 * path;
    if (this.rT[k]! > 0) this.rTat[k] = gcraConsume(this.rTat[k]!, this.rT[k]!, now);
    if (this.pT[provKey]! > 0) this.pTat[provKey] = gcraConsume(this.pTat[provKey]!, this.pT[provKey]!, now);
  }

  /**
   * A daily cap of `n` selections per UTC day for the IP (Infinity removes it). Paced, selections
   * also conform to a GCRA of n per 24 h with a burst of an hour's share, so a held backlog leaves
   * over the day instead of at midnight, as ESPs spread a stage's volume; unpaced, the first n of
   * the day go (PowerMTA max-cold-virtual-mta-msg).
   */
  setIpDailyCap(ip: number, n: number, pace: boolean): void {
    this.ipDailyCap[ip] = n;
    const paced = pace && Number.isFinite(n) && n > 0;
    this.dT[ip] = paced ? 86400 / n : 0;
    this.dTau[ip] = paced ? this.dT[ip]! * (Math.max(1, Math.ceil(n / 24)) - 1) : 0;
  }

  setIpSelectionRate(ip: number, spec: ThrottleSpec | undefined): void {
    this.iT[ip] = spec === undefined ? 0 : spec.period / spec.limit;
    this.iTau[ip] = spec === undefined ? 0 : this.iT[ip]! * (spec.maxBurst - 1);
  }

  /**
   * Seconds until the path's source may be selected again: its path selection throttle (slot 1,
   * KumoMTA source_selection_rate), the IP's selection throttle across sites (ESP hourly caps) and
   * its daily cap (paced over the day; until the next midnight when reached).
   */
  selectionWait(path: number, ip: number, now: number): number {
    const k = 2 * path + 1;
    let w = this.rT[k]! > 0 ? gcraWait(this.rTat[k]!, this.rT[k]!, this.rTau[k]!, now) : 0;
    if (this.iT[ip]! > 0) w = Math.max(w, gcraWait(this.iTat[ip]!, this.iT[ip]!, this.iTau[ip]!, now));
    if (this.dT[ip]! > 0) w = Math.max(w, gcraWait(this.dTat[ip]!, this.dT[ip]!, this.dTau[ip]!, now));
    const day = Math.floor(now / 86400);
    if (this.ipDay[ip] === day && this.ipDayCount[ip]! >= this.ipDailyCap[ip]!) w = Math.max(w, (day + 1) * 86400 - now);
    return w;
  }

  /** Whether the path's source may be selected now: `selectionWait(path, ip, now) === 0`, without computing the wait. */
  selectable(path: number, ip: number, now: number): boolean {
    const k = 2 * path + 1;
    if (this.rT[k]! > 0 && this.rTat[k]! - this.rTau[k]! > now) return false;
    if (this.iT[ip]! > 0 && this.iTat[ip]! - this.iTau[ip]! > now) return false;
    if (this.dT[ip]! > 0 && this.dTat[ip]! - this.dTau[ip]! > now) return false;
    return this.ipDayCount[ip]! < this.ipDailyCap[ip]! || this.ipDay[ip] !== Math.floor(now / 86400);
  }

  consumeSelection(path: number, ip: number, now: number): void {
    const k = 2 * path + 1;
    if (this.rT[k]! > 0) this.rTat[k] = gcraConsume(this.rTat[k]!, this.rT[k]!, now);
    if (this.iT[ip]! > 0) this.iTat[ip] = gcraConsume(this.iTat[ip]!, this.iT[ip]!, now);
    if (this.dT[ip]! > 0) this.dTat[ip] = gcraConsume(this.dTat[ip]!, this.dT[ip]!, now);
    const day = Math.floor(now / 86400);
    if (this.ipDay[ip] !== day) {
      this.ipDay[ip] = day;
      this.ipDayCount[ip] = 0;
    }
    this.ipDayCount[ip]!++;
  }

  /** Selections of the IP so far today. */
  selectedToday(ip: number, now: number): number {
    return this.ipDay[ip] === Math.floor(now / 86400) ? this.ipDayCount[ip]! : 0;
  }
}
