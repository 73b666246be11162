/**
 * Microsoft's blocks and their escalation (docs/receiver-model.md 2.6): the m-th block of an IP within
 * 30 days lasts 24 h · 2^(m-1) (at most 7 d; `blockBaseHours`, `blockCapDays`), the `banAfter`-th
 * bans it (550 5.7.606) until a delist request, reviewed 24 h later (lifted if T_eff >= 0.3);
 * retransmitting while blocked extends the block by 1 h per 100 attempts (M1); two member IPs
 * blocked at once, or member heat >= 3 · hBlock, blocks the whole /24 (S3140) for `netBlockHours`.
 */
import { blockDuration } from './evidence.ts';

const DAY = 86400;

export interface BlockParams {
  readonly hBlock: number;
  readonly banAfter: number;
  readonly blockBaseHours: number;
  readonly blockCapDays: number;
  readonly netBlockHours: number;
}

export class BlockState {
  readonly blockedUntil: Float64Array;
  readonly banned: Uint8Array;
  /** When a ban's delist request is reviewed (Infinity: none pending). */
  readonly delistAt: Float64Array;
  readonly netBlockedUntil: Float64Array;
  private readonly blockTimes: number[][];
  private readonly blockedHits: Float64Array;
  private readonly netIps: readonly (readonly number[])[];

  constructor(
    ipNets: readonly number[],
    nNets: number,
    private readonly p: BlockParams,
  ) {
    const n = ipNets.length;
    this.blockedUntil = new Float64Array(n);
    this.banned = new Uint8Array(n);
    this.delistAt = new Float64Array(n).fill(Infinity);
    this.netBlockedUntil = new Float64Array(nNets);
    this.blockTimes = ipNets.map(() => []);
    this.blockedHits = new Float64Array(n);
    this.netIps = Array.from({ length: nNets }, (_, k) => ipNets.flatMap((net, i) => (net === k ? [i] : [])));
  }

  /** Banned, or its /24 or itself blocked, at `now`. */
  isBlocked(i: number, net: number, now: number): boolean {
    return this.banned[i] === 1 || this.blockedUntil[i]! > now || this.netBlockedUntil[net]! > now;
  }

  /** An attempt while blocked: its reply, and every 100th extends the block by an hour. */
  whileBlocked<T>(i: number, now: number, reply: T): T {
    if (++this.blockedHits[i]! % 100 === 0 && this.blockedUntil[i]! > now) this.blockedUntil[i]! += 3600;
    return reply;
  }

  /** Blocks IP i now (its heat reset by the caller), escalating to a ban, and the /24 when it must go too. */
  block(i: number, net: number, now: number, heat: Float64Array): void {
    const p = this.p;
    const recent = this.blockTimes[i]!.filter((t) => t > now - 30 * DAY);
    recent.push(now);
    this.blockTimes[i] = recent;
    this.blockedHits[i] = 0;
    if (recent.length >= p.banAfter) {
      this.banned[i] = 1;
      this.delistAt[i] = Infinity;
    } else {
      this.blockedUntil[i] = now + blockDuration(recent.length, p.blockBaseHours * 3600, p.blockCapDays * DAY);
    }
    // collateral damage: the /24
    let blockedMembers = 0,
      netHeat = 0;
    for (const m of this.netIps[net]!) {
      if (this.banned[m] === 1 || this.blockedUntil[m]! > now) blockedMembers++;
      netHeat += heat[m]!;
    }
    if (blockedMembers >= 2 || netHeat >= 3 * p.hBlock) this.netBlockedUntil[net] = now + p.netBlockHours * 3600;
  }

  /** A delist request: a ban is reviewed 24 h later; no effect on throttling. */
  requestDelist(i: number, now: number): void {
    if (this.banned[i] === 1 && this.delistAt[i] === Infinity) this.delistAt[i] = now + DAY;
  }

  /** The review of a delist request: lifted when the IP's trust allows. */
  review(i: number, trustOk: boolean): void {
    if (trustOk) {
      this.banned[i] = 0;
      this.blockTimes[i] = [];
    }
    this.delistAt[i] = Infinity;
  }
}
