/**
 * Microsoft Outlook.com (and, with `texts: "m365"`, an Exchange Online tenant): hidden
 * reputation per IP, /24 and sending domain, as specified in docs/receiver-model.md section 2.
 *
 * Evidence (2.3): Beta evidence P (positive), N (negative) and n (delivered), forgotten with a
 * 14-day half-life, updated at event time for the IP, its /24 and its domain.
 * Derived at each attempt (2.4):
 *   pi_i = lambdaD·T_dom + lambdaN·T_net + (1 - lambdaD - lambdaN)·pi0     (IP prior)
 *   T_ip = (k0·pi_i + P_i) / (k0 + P_i + N_i),   T_eff = (1 - omegaD - omegaN)·T_ip + omegaD·T_dom + omegaN·T_net
 *   c = n_i / (n_i + nHalf),   k = 1 + (kNew + (kEst - kNew)·c - 1)·g(T_eff),   F = F0·clamp((pi_i/0.5)^2, .25, 4)
 *   Cap = max(F, k·B_i) messages/hour,   D = max(bucketMin, bucketHours·Cap)
 *   p_rep = pMax·σ((tMid - T_eff)/s),   junk j = σ((0.35 - T_eff)/0.05),   Lconn = round(2 + 8·c·g(T_eff))
 * B is the established hourly rate (./volume-history.ts: accepted per active hour of the last
 * sending day, fading with tau_B over days), starting at F/kNew for a fresh IP. A complaint's weight
 * is shrunk at small samples: wC·n/(n + nShrink).
 * Pipeline per attempt (2.5): ban 5.7.606 > /24 block S3140 > IP block S3150 > empty bucket
 * (debt, heat, 451 4.7.650 S775) > reputation deferral (S775) > unknown user 5.5.0 > 5,000/day
 * authentication rule 5.7.515 > 250 (junk or inbox; trap hits add evidence and heat).
 * Blocks (2.6): heat >= hBlock, or T_ip < tBlock with n >= nBlock; the m-th block in 30 days lasts
 * 24 h·2^(m-1) (<= 7 d); the 3rd in 30 days bans the IP (5.7.606) until a delist request, lifted
 * 24 h later if T_eff >= 0.3; two member IPs blocked at once, or member heat >= 3·hBlock, blocks
 * the /24 for 24 h (S3140).
 * Randomness: only the deferral and junk draws, counter-based on (seed, IP, per-IP attempt
 * number); `mode: "expected"` replaces them by error diffusion (no draws at all).
 */
import type { Reply, ReplyTable } from '../smtp/reply.ts';
import { MS_TEXTS, M365_TEXTS } from '../smtp/texts.ts';
import { microsoftReplies, type MicrosoftReplies } from './microsoft-replies.ts';
import type { PrewarmSpec, Scenario } from '../spec/scenario.ts';
import type { Topology } from '../spec/topology.ts';
import type { AttemptInfo, Receiver } from '../contracts/receiver.ts';
import { REACTION, type ObservedRow, type ReactionKind } from '../contracts/observations.ts';
import { MICROSOFT_PARAMS } from './microsoft-params.ts';
import { resolveParams, type ParamValues } from './params.ts';
import {
  authFactor,
  blockDuration,
  capacity,
  clamp,
  confidence,
  connectionLimit,
  decay,
  deferralProbability,
  floorRate,
  growthGate,
  headroom,
  junkProbability,
  trust,
  relax,
  shrunk,
} from './evidence.ts';
import { DailyCounters } from './snds.ts';
import { EvidenceStore } from './evidence-store.ts';
import { HiddenTrace } from '../contracts/hidden-trace.ts';
import { Draws } from './draws.ts';
import { prewarmEvidence, prewarmHistory } from './prewarm.ts';
import { VolumeHistory } from './volume-history.ts';
import { BlockState } from './microsoft-blocks.ts';
import { RollingVolume } from './rolling-volume.ts';

type Params = ParamValues<typeof MICROSOFT_PARAMS>;
const DAY = 86400;

/** What the model derives for one (IP, domain) at one instant. Reused. */
class Derived {
  tIp = 0;
  tDom = 0;
  tNet = 0;
  tEff = 0;
  prior = 0;
  c = 0;
  g = 0;
  cap = 0;
  depth = 0;
  pRep = 0;
  junk = 0;
  lconn = 0;
}

export class MicrosoftReceiver implements Receiver {
  lastJunk = false;
  readonly p: Params;
  readonly hidden: HiddenTrace;
  private readonly ip: EvidenceStore;
  private readonly net: EvidenceStore;
  private readonly dom: EvidenceStore;
  // per IP
  /** Established hourly rate per IP (volume history, ./volume-history.ts). */
  private readonly B: VolumeHistory;
  private readonly L: Float64Array;
  private readonly tL: Float64Array;
  private readonly H: Float64Array;
  private readonly tH: Float64Array;
  private readonly blocks: BlockState;
  private readonly conns: Int32Array;
  private readonly attemptSeq: Float64Array;
  private readonly draws: Draws;
  private readonly lastDomain: Int32Array;
  private totalConns = 0;
  // per /24 and per domain
  private readonly ipNet: Int32Array;
  private readonly dB: VolumeHistory;
  private readonly dL: Float64Array;
  private readonly dtL: Float64Array;
  /** Rolling 24 h Microsoft volume per sending domain (the 5,000-a-day rule). */
  private readonly vol: RollingVolume;
  private readonly domAuth: readonly { spf: boolean; dkim: boolean; dmarc: boolean; aligned: boolean }[];
  private readonly domFull: Uint8Array;
  private readonly feedback: Uint8Array;
  private readonly authFrom: number;
  private readonly daily: DailyCounters;
  private readonly r: MicrosoftReplies;
  private readonly d = new Derived();

  constructor(
    readonly name: string,
    scenario: Scenario,
    topo: Topology,
    replies: ReplyTable,
    seed: number,
    overrides: Readonly<Record<string, unknown>> = {},
  ) {
    this.p = resolveParams(MICROSOFT_PARAMS, overrides, `receivers.${name}`);
    const nIp = topo.ips.length,
      nNet = topo.nets.length,
      nDom = topo.domains.length;
    const hl = this.p.halfLife * DAY;
    this.ip = new EvidenceStore(nIp, hl);
    this.net = new EvidenceStore(nNet, hl);
    this.dom = new EvidenceStore(nDom, hl);
    const f64 = (n: number, v = 0) => new Float64Array(n).fill(v);
    this.B = new VolumeHistory(nIp, this.p.tauB, this.p.F0 / this.p.kNew);
    this.L = f64(nIp, this.p.bucketMin);
    this.tL = f64(nIp);
    this.H = f64(nIp);
    this.tH = f64(nIp);
    this.blocks = new BlockState(
      topo.ips.map((x) => x.net),
      nNet,
      this.p,
    );
    this.conns = new Int32Array(nIp);
    this.attemptSeq = f64(nIp);
    this.draws = new Draws(seed, nIp, 3, this.p.mode === 'expected');
    this.lastDomain = new Int32Array(nIp);
    this.ipNet = Int32Array.from(topo.ips, (x) => x.net);
    this.dB = new VolumeHistory(nDom, this.p.tauB, this.p.fDom / this.p.kNew);
    this.dL = f64(nDom, this.p.bucketMin);
    this.dtL = f64(nDom);
    this.vol = new RollingVolume(nDom);
    this.domAuth = scenario.domains;
    this.domFull = Uint8Array.from(scenario.domains, (a) => (a.spf && a.dkim && a.dmarc && a.aligned ? 1 : 0));
    this.feedback = Uint8Array.from(scenario.ips, (x) => (x.feedbackLoop ? 1 : 0));
    this.authFrom = (Date.parse(this.p.authEnforcement) - Date.parse(scenario.startDate)) / 1000;
    const addresses = topo.ips.map((x) => x.address);
    this.daily = new DailyCounters(Math.ceil(scenario.duration / DAY), addresses, name, this.p.sndsMinVolume);
    this.hidden = new HiddenTrace(name, Math.ceil(scenario.duration / 3600), addresses);
    this.r = microsoftReplies(replies, this.p.texts === 'm365' ? M365_TEXTS : MS_TEXTS, addresses, scenario.domains);
    scenario.ips.forEach((x, i) => x.prewarm && this.prewarmIp(i, topo.ips[i]!.net, x.prewarm));
    scenario.domains.forEach((x, i) => x.prewarm && this.prewarmDomain(i, x.prewarm));
  }

  // ---- derived quantities -----------------------------------------------------------------
  /** Brings IP i, its /24 and domain dm to `now` and fills `this.d`. */
  derive(i: number, net: number, dm: number, now: number): Derived {
    const p = this.p,
      d = this.d;
    this.ip.touch(i, now);
    this.net.touch(net, now);
    this.dom.touch(dm, now);
    const domCounts = this.domAuth[dm]!.aligned;
    d.tDom = trust(p.k0Dom, p.pi0, this.dom.P[dm]!, this.dom.N[dm]!);
    d.tNet = trust(p.k0Net, p.pi0, this.net.P[net]!, this.net.N[net]!);
    const lD = domCounts ? p.lambdaD : 0,
      wD = domCounts ? p.omegaD : 0;
    d.prior = lD * d.tDom + p.lambdaN * d.tNet + (1 - lD - p.lambdaN) * p.pi0;
    d.tIp = trust(p.k0, d.prior, this.ip.P[i]!, this.ip.N[i]!);
    d.tEff = (1 - wD - p.omegaN) * d.tIp + wD * d.tDom + p.omegaN * d.tNet;
    d.c = confidence(this.ip.n[i]!, p.nHalf);
    d.g = growthGate(d.tEff, p.tLo, p.tHi);
    d.cap = capacity(floorRate(p.F0, d.prior), headroom(p.kNew, p.kEst, d.c, d.g), this.B.at(i, now));
    d.depth = Math.max(p.bucketMin, p.bucketHours * d.cap);
    d.pRep = deferralProbability(p.pMax, p.tMid, p.s, d.tEff);
    d.junk = junkProbability(d.tEff, p.junkMid, p.junkS);
    d.lconn = connectionLimit(d.c, d.g, p.connMin, p.connMax);
    return d;
  }

  private refill(i: number, dm: number, now: number): void {
    const d = this.d,
      p = this.p;
    this.L[i] = Math.min(d.depth, this.L[i]! + (d.cap * (now - this.tL[i]!)) / 3600);
    this.tL[i] = now;
    const cDom = confidence(this.dom.n[dm]!, p.nHalfDom);
    const capDom = capacity(
      p.fDom * clamp((d.tDom / 0.5) ** 2, 0.25, 4),
      headroom(p.kNew, p.kEst, cDom, growthGate(d.tDom, p.tLo, p.tHi)),
      this.dB.at(dm, now),
    );
    const depthDom = Math.max(p.bucketMin, p.bucketHours * capDom);
    this.dL[dm] = Math.min(depthDom, this.dL[dm]! + (capDom * (now - this.dtL[dm]!)) / 3600);
    this.dtL[dm] = now;
  }

  private heat(i: number, now: number, add: number): void {
    this.H[i] = relax(this.H[i]!, now - this.tH[i]!, this.p.tauH * 3600) + add;
    this.tH[i] = now;
  }

  // ---- Receiver -----------------------------------------------------------------------------
  connect(ipId: number, _site: number, now: number): Reply | undefined {
    if (this.blocks.banned[ipId] === 1 || this.blocks.blockedUntil[ipId]! > now) return this.accept(ipId);
    const d = this.derive(ipId, this.netOf(ipId), this.lastDomain[ipId]!, now);
    if (this.conns[ipId]! >= d.lconn || this.totalConns >= this.p.connSender) {
      this.heat(ipId, now, this.p.hConn / d.cap);
      return this.r.conn[ipId];
    }
    return this.accept(ipId);
  }

  private accept(ipId: number): undefined {
    this.conns[ipId]!++;
    this.totalConns++;
    return undefined;
  }

  disconnect(ipId: number): void {
    this.conns[ipId]!--;
    this.totalConns--;
  }

  attempt(a: AttemptInfo, now: number): Reply {
    const i = a.ip,
      net = a.net,
      dm = a.sendDomain,
      p = this.p;
    this.lastJunk = false;
    this.lastDomain[i] = dm;
    this.B.attempt(i, now);
    this.dB.attempt(dm, now);
    const bs = this.blocks;
    if (bs.banned[i] === 1) {
      if (bs.delistAt[i]! <= now) bs.review(i, this.derive(i, net, dm, now).tEff >= 0.3);
      if (bs.banned[i] === 1) return bs.whileBlocked(i, now, this.r.ban[i]!);
    }
    if (bs.netBlockedUntil[net]! > now) return bs.whileBlocked(i, now, this.r.netBlock[i]!);
    if (bs.blockedUntil[i]! > now) return bs.whileBlocked(i, now, this.r.ipBlock[i]!);
    const d = this.derive(i, net, dm, now);
    if (this.maybeBlock(i, net, now)) return this.r.ipBlock[i]!;
    this.refill(i, dm, now);
    const seq = ++this.attemptSeq[i]!;
    if (this.L[i]! < 1 || this.dL[dm]! < 1) {
      this.L[i] = Math.max(this.L[i]! - p.phi, -d.depth);
      this.heat(i, now, 1 / d.cap);
      this.maybeBlock(i, net, now);
      return this.r.rate[i]!;
    }
    this.L[i]! -= 1;
    this.dL[dm]! -= 1;
    if (this.draws.draw(i, 1, d.pRep, seq)) {
      this.heat(i, now, p.hRep / d.cap);
      this.maybeBlock(i, net, now);
      return this.r.rate[i]!;
    }
    this.daily.rcpt(now, i);
    if (a.unknownUser) {
      this.negative(i, net, dm, p.wU);
      this.maybeBlock(i, net, now);
      return this.r.unknown;
    }
    if (this.vol.add(dm, now) > p.authVolume && now >= this.authFrom && this.domFull[dm] === 0) return this.r.auth[dm]!;
    this.ip.n[i]!++;
    this.net.n[net]!++;
    if (this.domAuth[dm]!.aligned) this.dom.n[dm]!++;
    this.B.accept(i, now);
    this.dB.accept(dm, now);
    this.lastJunk = this.draws.draw(i, 2, d.junk, seq);
    this.daily.accepted(now, i, this.lastJunk);
    if (a.trap) {
      this.negative(i, net, dm, p.wTrap);
      this.heat(i, now, p.hTrap);
      this.daily.trap(now, i);
      this.maybeBlock(i, net, now);
    }
    return this.r.ok;
  }

  react(kind: ReactionKind, i: number, dm: number, _rcpt: number, now: number): boolean {
    const net = this.netOf(i),
      p = this.p;
    this.ip.touch(i, now);
    this.net.touch(net, now);
    this.dom.touch(dm, now);
    if (kind === REACTION.engage) {
      const w = p.wEng * authFactor(this.domAuth[dm]!);
      this.ip.P[i]! += w;
      this.net.P[net]! += w;
      if (this.domAuth[dm]!.aligned) this.dom.P[dm]! += w;
      return false;
    }
    if (kind === REACTION.inactive) {
      this.negative(i, net, dm, p.wInact);
      return false;
    }
    this.complaint(i, net, dm);
    this.daily.complaint(now, i);
    return this.feedback[i] === 1;
  }

  reactMany(kind: ReactionKind, i: number, dm: number, count: number, now: number): void {
    if (kind !== REACTION.inactive) {
      for (let k = 0; k < count; k++) this.react(kind, i, dm, -1, now);
      return;
    }
    const net = this.netOf(i);
    this.ip.touch(i, now);
    this.net.touch(net, now);
    this.dom.touch(dm, now);
    this.negative(i, net, dm, this.p.wInact * count);
  }

  onHour(hour: number, now: number): void {
    for (let i = 0; i < this.B.level.length; i++) {
      const d = this.derive(i, this.netOf(i), this.lastDomain[i]!, now);
      this.refill(i, this.lastDomain[i]!, now);
      const blocked = this.blocks.isBlocked(i, this.netOf(i), now);
      if (blocked) this.daily.blocked(now - 1, i);
      this.heat(i, now, 0);
      const v = [d.tIp, d.tEff, d.cap, this.L[i]!, this.H[i]!, blocked ? 1 : 0];
      v.forEach((x, f) => this.hidden.set(hour, i, f, x));
    }
  }

  dailyReport(day: number): readonly ObservedRow[] {
    return this.daily.report(day);
  }

  /** A delist request: a ban is reviewed 24 h later (lifted if T_eff >= 0.3); no effect on throttling. */
  delist(i: number, now: number): void {
    this.blocks.requestDelist(i, now);
  }

  // ---- internals ------------------------------------------------------------------------------
  private netOf(i: number): number {
    return this.ipNet[i]!;
  }

  /**
   * A complaint's negative evidence, shrunk at small samples: each entity (IP, /24, domain) adds
   * wC · n / (n + nShrink) for its own delivered count n, so one complaint on a fresh IP's first
   * day moves its trust a little, while on an established IP it weighs fully (docs/receiver-model.md 2.4).
   */
  private complaint(i: number, net: number, dm: number): void {
    const p = this.p;
    this.ip.N[i]! += shrunk(p.wC, this.ip.n[i]!, p.nShrink);
    this.net.N[net]! += shrunk(p.wC, this.net.n[net]!, p.nShrink);
    if (this.domAuth[dm]!.aligned) this.dom.N[dm]! += shrunk(p.wC, this.dom.n[dm]!, p.nShrink);
  }

  private negative(i: number, net: number, dm: number, w: number): void {
    this.ip.N[i]! += w;
    this.net.N[net]! += w;
    if (this.domAuth[dm]!.aligned) this.dom.N[dm]! += w;
  }

  /** Blocks the IP if its heat or its own distrust calls for it (uses `this.d` of the current attempt). */
  private maybeBlock(i: number, net: number, now: number): boolean {
    const p = this.p;
    const hot = this.H[i]! >= p.hBlock;
    const distrusted = this.ip.n[i]! >= p.nBlock && this.d.tIp < p.tBlock;
    if (!hot && !distrusted) return false;
    this.H[i] = 0;
    this.blocks.block(i, net, now, this.H);
    this.daily.blocked(now, i);
    return true;
  }

  /** Starts an IP or domain with history (docs/receiver-model.md 2.9, "Warmed IPs"), see prewarmEvidence. */
  private prewarmIp(i: number, net: number, w: PrewarmSpec): void {
    const e = prewarmEvidence(w, this.p.halfLife, this.p.tauB, this.p.wEng, this.p.wInact);
    this.ip.P[i] = e.P;
    this.ip.N[i] = e.N;
    this.ip.n[i] = e.n;
    this.net.P[net]! += e.P;
    this.net.N[net]! += e.N;
    this.net.n[net]! += e.n;
    this.B.preset(i, Math.max(this.B.level[i]!, prewarmHistory(w, this.p.tauB)));
    this.L[i] = this.p.bucketMin;
  }

  private prewarmDomain(dm: number, w: PrewarmSpec): void {
    const e = prewarmEvidence(w, this.p.halfLife, this.p.tauB, this.p.wEng, this.p.wInact);
    this.dom.P[dm] = e.P;
    this.dom.N[dm] = e.N;
    this.dom.n[dm] = e.n;
    this.dB.preset(dm, Math.max(this.dB.level[dm]!, prewarmHistory(w, this.p.tauB)));
  }
}
