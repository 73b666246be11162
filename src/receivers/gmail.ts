/**
 * Gmail, lighter model (docs/receiver-model.md 4.1). Evidence per DKIM domain (half-life 30 d)
 * and per IP (14 d); a hidden reputation category per key from trust T and the 7-day spam rate
 * sr = complaints / (inbox-delivered + srPrior): HIGH if T >= 0.7 and sr < 0.1 %, MEDIUM if T >= 0.5 and
 * sr < 0.3 %, LOW if T >= 0.3, else BAD; the worse of domain and IP decides. Gmail prefers the
 * spam folder to deferral: junk probability 1 / 15 / 50 / 90 %.
 * "Unusual rate" limiter per key: short-window rate r (EWMA, tau 10 min) against
 * max(F, k·B) with B the established hourly rate (accepted per active hour, fading with tau 7 d;
 * ./volume-history.ts), F = 300/h per IP and 1,000/h
 * per domain, k = 3 / 2 / 1.5 / 1 by category: over it, 421 4.7.28 naming the key and a 10-minute
 * cooldown (G-doc "do not send for at least 10 minutes"); an attempt during the cooldown restarts it
 * (10 more minutes from that attempt) and adds heat, which decays with tau 6 h; heat >= `hBlock`
 * blocks the IP 24 h (550 5.7.28).
 * LOW: 421 4.7.0 with p = 0.3; BAD: 550 5.7.1 (domain reputation) with p = 0.5.
 * Authentication: SPF or DKIM required (550 5.7.26); a domain that has sent >= 5,000 in a day is
 * "bulk" for good and then needs SPF, DKIM, DMARC and alignment (4.7.27 / 4.7.30 / 4.7.40 /
 * 4.7.32 on `authDeferShare` of its mail); a missing PTR gives 421 4.7.0.
 */
import { hashUniform } from '../engine/hash.ts';
import type { Reply, ReplyTable } from '../smtp/reply.ts';
import { GMAIL_TEXTS, fill } from '../smtp/texts.ts';
import type { PrewarmSpec, Scenario } from '../spec/scenario.ts';
import { prewarmEvidence, prewarmHistory } from './prewarm.ts';
import type { Topology } from '../spec/topology.ts';
import type { AttemptInfo, Receiver } from '../contracts/receiver.ts';
import { REACTION, type ReactionKind } from '../contracts/observations.ts';
import { EvidenceStore } from './evidence-store.ts';
import { trust, relax, shrunk, shrunkRate } from './evidence.ts';
import { VolumeHistory } from './volume-history.ts';
import { resolveParams, type ParamTable } from './params.ts';
import { HiddenTrace } from '../contracts/hidden-trace.ts';
import { Draws } from './draws.ts';

export const GMAIL_PARAMS = {
  k0: { default: 200, doc: 'prior strength (message-equivalents)', evidence: '[model]' },
  pi0: { default: 0.5, doc: 'neutral prior trust', evidence: '[model]' },
  halfLifeDomain: { default: 30, doc: 'days: domain evidence half-life', evidence: '[model]' },
  halfLifeIp: { default: 14, doc: 'days: IP evidence half-life', evidence: '[model]' },
  wEng: { default: 1, doc: 'positive evidence per engagement', evidence: '[model]' },
  wInact: { default: 0.05, doc: 'negative evidence per inactive message', evidence: '[model]' },
  wC: { default: 250, doc: 'negative evidence per spam report', evidence: '[G-doc] spam rate is the key signal' },
  nShrink: {
    default: 2000,
    doc: 'delivered messages at which a spam report weighs half of wC (wC·n/(n + nShrink))',
    evidence: '[model] small samples shrink toward the prior',
  },
  srPrior: {
    default: 1000,
    doc: "messages added to the spam rate's denominator: sr = reports / (inbox + srPrior)",
    evidence: '[G-doc] Postmaster Tools shows a spam rate only with enough volume',
  },
  wU: { default: 4, doc: 'negative evidence per unknown user', evidence: '[model]' },
  wTrap: { default: 400, doc: 'negative evidence per trap hit', evidence: '[model]' },
  floorIp: { default: 300, doc: 'unusual-rate floor per IP, messages/hour', evidence: '[model]' },
  floorDomain: { default: 1000, doc: 'unusual-rate floor per domain, messages/hour', evidence: '[model]' },
  tauRateMin: { default: 10, doc: 'minutes: short-window rate EWMA', evidence: '[model]' },
  tauBaseDays: { default: 7, doc: 'days: baseline volume EWMA', evidence: '[model]' },
  cooldownMin: { default: 10, doc: 'minutes of 4.7.28 cooldown', evidence: '[G-doc]' },
  hBlock: { default: 500, doc: 'attempts during cooldowns (heat, decaying with tau 6 h) that block the IP for 24 h', evidence: '[model]' },
  pLow: { default: 0.3, doc: 'deferral probability at LOW reputation', evidence: '[model]' },
  pBad: { default: 0.5, doc: 'rejection probability at BAD reputation', evidence: '[model]' },
  bulkVolume: { default: 5000, doc: 'messages a day that make a domain a bulk sender for good', evidence: '[G-doc]' },
  authDeferShare: { default: 0.5, doc: "share of a non-compliant bulk sender's mail deferred", evidence: '[model]' },
  mode: { default: 'random', doc: '"random" or "expected" (error diffusion)', evidence: '[model]' },
} as const satisfies ParamTable;

const HIGH = 3,
  MEDIUM = 2,
  LOW = 1,
  BAD = 0;
const JUNK = [0.9, 0.5, 0.15, 0.01];
const K = [1, 1.5, 2, 3];

export class GmailReceiver implements Receiver {
  readonly name = 'gmail';
  lastJunk = false;
  readonly hidden: HiddenTrace;
  private readonly p;
  private readonly ipEv: EvidenceStore;
  private readonly domEv: EvidenceStore;
  /** Per key (IPs then domains): short rate, its time, baseline, its time, cooldown end, heat. */
  private readonly rate: Float64Array;
  private readonly tRate: Float64Array;
  /** Baseline per key (IP, then domain): established hourly rate (./volume-history.ts), fading with tauBaseDays. */
  private readonly base: VolumeHistory;
  private readonly coolUntil: Float64Array;
  private readonly heat: Float64Array;
  private readonly tHeat: Float64Array;
  private readonly blockedUntil: Float64Array;
  /** Per key, day-level spam-rate counters: complaints and inbox over the last 7 days (7 buckets). */
  private readonly comp: Float64Array;
  private readonly inbox: Float64Array;
  private readonly dayOf: Float64Array;
  private readonly bulk: Uint8Array;
  private readonly dayVol: Float64Array;
  private readonly auth: Scenario['domains'];
  private readonly noPtr: Uint8Array;
  private readonly draws: Draws;
  private readonly nIp: number;
  private readonly r;

  constructor(
    scenario: Scenario,
    topo: Topology,
    replies: ReplyTable,
    private readonly seed: number,
    overrides: Readonly<Record<string, unknown>> = {},
  ) {
    this.p = resolveParams(GMAIL_PARAMS, overrides, 'receivers.gmail');
    this.nIp = topo.ips.length;
    const keys = this.nIp + topo.domains.length;
    this.ipEv = new EvidenceStore(this.nIp, this.p.halfLifeIp * 86400);
    this.domEv = new EvidenceStore(topo.domains.length, this.p.halfLifeDomain * 86400);
    const f = (n: number) => new Float64Array(n);
    this.rate = f(keys);
    this.tRate = f(keys);
    this.base = new VolumeHistory(keys, this.p.tauBaseDays * 24, 0);
    this.coolUntil = f(keys);
    this.heat = f(keys);
    this.tHeat = f(keys);
    this.blockedUntil = f(this.nIp);
    this.comp = f(keys * 7);
    this.inbox = f(keys * 7);
    this.dayOf = f(keys * 7).fill(-1);
    this.bulk = new Uint8Array(topo.domains.length);
    this.dayVol = f(topo.domains.length * 2);
    this.auth = scenario.domains;
    this.noPtr = Uint8Array.from(scenario.domains, (d) => (d.rdns ? 0 : 1));
    this.draws = new Draws(seed, this.nIp, 2, this.p.mode === 'expected');
    const addr = topo.ips.map((x) => x.address);
    const per = (t: string) => addr.map((a) => replies.get(fill(t, a)));
    const perDom = (t: string) => scenario.domains.map((d) => replies.get(fill(t, '', d.name)));
    const T = GMAIL_TEXTS;
    this.r = {
      ok: replies.get(T.accepted),
      unknown: replies.get(T.unknownUser),
      unauth: replies.get(T.unauthenticated),
      rateIp: per(T.unusualRateIp),
      rateDom: perDom(T.unusualRateDomain),
      lowIp: per(T.lowIpReputation),
      lowDom: replies.get(T.lowDomainReputation),
      block: per(T.ipBlock),
      noPtr: per(T.noPtr),
      noSpf: replies.get(T.noSpf),
      noDkim: replies.get(T.noDkim),
      noDmarc: replies.get(T.noDmarc),
      notAligned: replies.get(T.notAligned),
    };
    this.hidden = new HiddenTrace('gmail', Math.ceil(scenario.duration / 3600), addr);
    // history before the run (a warmed IP or domain): evidence and baseline volume
    const warm = (w: PrewarmSpec, ev: EvidenceStore, i: number, key: number, halfLife: number) => {
      const e = prewarmEvidence(w, halfLife, this.p.tauBaseDays * 24, this.p.wEng, this.p.wInact);
      ev.P[i] = e.P;
      ev.N[i] = e.N;
      ev.n[i] = e.n;
      this.base.preset(key, prewarmHistory(w, this.p.tauBaseDays * 24));
    };
    scenario.ips.forEach((x, i) => x.prewarm && warm(x.prewarm, this.ipEv, i, i, this.p.halfLifeIp));
    scenario.domains.forEach((x, i) => x.prewarm && warm(x.prewarm, this.domEv, i, this.nIp + i, this.p.halfLifeDomain));
  }

  connect(): Reply | undefined {
    return undefined;
  }

  disconnect(): void {}

  /** Reputation category of a key (0 BAD .. 3 HIGH). */
  category(key: number, now: number): number {
    const isIp = key < this.nIp;
    const ev = isIp ? this.ipEv : this.domEv;
    const i = isIp ? key : key - this.nIp;
    ev.touch(i, now);
    const T = trust(this.p.k0, this.p.pi0, ev.P[i]!, ev.N[i]!);
    const day = Math.floor(now / 86400);
    let c = 0,
      n = 0;
    for (let b = 0; b < 7; b++) {
      if (this.dayOf[key * 7 + b]! > day - 7) {
        c += this.comp[key * 7 + b]!;
        n += this.inbox[key * 7 + b]!;
      }
    }
    const sr = shrunkRate(c, n, this.p.srPrior);
    if (T >= 0.7 && sr < 0.001) return HIGH;
    if (T >= 0.5 && sr < 0.003) return MEDIUM;
    if (T >= 0.3) return LOW;
    return BAD;
  }

  attempt(a: AttemptInfo, now: number): Reply {
    const p = this.p,
      ip = a.ip,
      dm = a.sendDomain,
      dk = this.nIp + dm;
    this.lastJunk = false;
    this.base.attempt(ip, now);
    this.base.attempt(dk, now);
    if (this.blockedUntil[ip]! > now) return this.r.block[ip]!;
    const au = this.auth[dm]!;
    if (!au.spf && !au.dkim) return this.r.unauth;
    if (this.noPtr[dm] === 1) return this.r.noPtr[ip]!;
    const cat = Math.min(this.category(ip, now), this.category(dk, now));
    // unusual rate, per IP and per DKIM domain
    for (const key of [ip, dk]) {
      if (this.coolUntil[key]! > now) {
        this.coolUntil[key] = now + p.cooldownMin * 60;
        this.heat[key] = relax(this.heat[key]!, now - this.tHeat[key]!, 6 * 3600) + 1;
        this.tHeat[key] = now;
        if (key === ip && this.heat[key]! >= p.hBlock) {
          this.blockedUntil[ip] = now + 86400;
          this.heat[key] = 0;
        }
        return key === ip ? this.r.rateIp[ip]! : this.r.rateDom[dm]!;
      }
      const rHat = this.shortRate(key, now);
      const limit = Math.max(key === ip ? p.floorIp : p.floorDomain, K[cat]! * this.base.at(key, now));
      if (rHat > limit) {
        this.coolUntil[key] = now + p.cooldownMin * 60;
        return key === ip ? this.r.rateIp[ip]! : this.r.rateDom[dm]!;
      }
    }
    const u = (cat === LOW || cat === BAD) && this.draws.draw(ip, 0, cat === LOW ? p.pLow : p.pBad);
    if (u) return cat === BAD ? this.r.lowDom : this.r.lowIp[ip]!;
    if (a.unknownUser) {
      this.negative(ip, dm, p.wU, now);
      return this.r.unknown;
    }
    const vol = this.countDay(dm, now);
    if (vol >= p.bulkVolume) this.bulk[dm] = 1;
    if (
      this.bulk[dm] === 1 &&
      !(au.spf && au.dkim && au.dmarc && au.aligned) &&
      hashUniform(this.seed, a.tag, a.attemptNo, 7) < p.authDeferShare
    ) {
      return !au.spf ? this.r.noSpf : !au.dkim ? this.r.noDkim : !au.dmarc ? this.r.noDmarc : this.r.notAligned;
    }
    this.base.accept(ip, now);
    this.base.accept(dk, now);
    this.ipEv.n[ip]!++;
    this.domEv.n[dm]!++;
    this.lastJunk = this.draws.draw(ip, 1, JUNK[cat]!);
    if (!this.lastJunk) {
      this.bump(this.inbox, ip, now);
      this.bump(this.inbox, dk, now);
    }
    if (a.trap) this.negative(ip, dm, p.wTrap, now);
    return this.r.ok;
  }

  reactMany(kind: ReactionKind, ip: number, dm: number, count: number, now: number): void {
    if (kind !== REACTION.inactive) {
      for (let k = 0; k < count; k++) this.react(kind, ip, dm, -1, now);
      return;
    }
    this.negative(ip, dm, this.p.wInact * count, now);
  }

  react(kind: ReactionKind, ip: number, dm: number, _rcpt: number, now: number): boolean {
    const p = this.p;
    this.ipEv.touch(ip, now);
    this.domEv.touch(dm, now);
    if (kind === REACTION.engage) {
      this.ipEv.P[ip]! += p.wEng;
      this.domEv.P[dm]! += p.wEng;
    } else if (kind === REACTION.inactive) this.negative(ip, dm, p.wInact, now);
    else {
      // a spam report's weight shrinks at small samples (as Microsoft's: docs/receiver-model.md 2.4)
      this.ipEv.touch(ip, now);
      this.domEv.touch(dm, now);
      this.ipEv.N[ip]! += shrunk(p.wC, this.ipEv.n[ip]!, p.nShrink);
      this.domEv.N[dm]! += shrunk(p.wC, this.domEv.n[dm]!, p.nShrink);
      this.bump(this.comp, ip, now);
      this.bump(this.comp, this.nIp + dm, now);
    }
    return false; // Gmail sends no per-message complaint copies (only Postmaster Tools aggregates)
  }

  onHour(hour: number, now: number): void {
    for (let ip = 0; ip < this.nIp; ip++) {
      this.ipEv.touch(ip, now);
      const T = trust(this.p.k0, this.p.pi0, this.ipEv.P[ip]!, this.ipEv.N[ip]!);
      this.hidden.set(hour, ip, 0, T);
      this.hidden.set(hour, ip, 1, T);
      this.hidden.set(hour, ip, 2, Math.max(this.p.floorIp, K[this.category(ip, now)]! * this.base.at(ip, now)));
      this.hidden.set(hour, ip, 4, this.heat[ip]!);
      this.hidden.set(hour, ip, 5, this.blockedUntil[ip]! > now ? 1 : 0);
    }
  }

  private shortRate(key: number, now: number): number {
    const tau = this.p.tauRateMin / 60; // hours
    const r = relax(this.rate[key]!, (now - this.tRate[key]!) / 3600, tau) + 1 / tau;
    this.rate[key] = r;
    this.tRate[key] = now;
    return r;
  }

  private negative(ip: number, dm: number, w: number, now: number): void {
    this.ipEv.touch(ip, now);
    this.domEv.touch(dm, now);
    this.ipEv.N[ip]! += w;
    this.domEv.N[dm]! += w;
  }

  private bump(arr: Float64Array, key: number, now: number): void {
    const day = Math.floor(now / 86400);
    const b = key * 7 + (day % 7);
    if (this.dayOf[b] !== day) {
      this.dayOf[b] = day;
      this.comp[b] = 0;
      this.inbox[b] = 0;
    }
    arr[b]!++;
  }

  private countDay(dm: number, now: number): number {
    const day = Math.floor(now / 86400);
    if (this.dayVol[dm * 2] !== day) {
      this.dayVol[dm * 2] = day;
      this.dayVol[dm * 2 + 1] = 0;
    }
    return ++this.dayVol[dm * 2 + 1]!;
  }
}
