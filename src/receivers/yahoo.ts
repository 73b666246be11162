/**
 * Yahoo / AOL, lighter model (docs/receiver-model.md 4.2): a penalty box per IP.
 * Normal -> Deferred(until) -> Normal. Triggers: rolling 24 h complaint rate on inbox mail above
 * 0.3 % (Y-doc) -> [TS01]; hourly attempts above k·B (k = 3, B = EWMA of accepted messages/hour,
 * tau 3 d, floor 200/h) -> [TSS04] "unexpected volume". Box durations 2 h, then 4 h on a repeat
 * within 24 h, doubling per repeat up to 24 h; each 100 attempts inside a box extend it by 15
 * minutes; 4 boxes within 7 days -> [TSS09] "permanently deferred" for 36 h. Yahoo closes a
 * connection after 20 messages (Y-doc, no error code): modelled as a 421 on the 21st.
 * Reputation: Beta trust per IP and DKIM domain with a softer floor than Microsoft; junk
 * placement j = σ((0.35 - T)/0.05) and a reputation deferral (TSS04) with p = 0.3·σ((0.2 - T)/0.04).
 * A Spamhaus listing (`spamhausListed`) gives 553 [BL21]; unauthenticated mail 550 5.7.9.
 */
import type { Reply, ReplyTable } from '../smtp/reply.ts';
import { YAHOO_TEXTS, fill } from '../smtp/texts.ts';
import type { Scenario } from '../spec/scenario.ts';
import { prewarmEvidence, prewarmHistory } from './prewarm.ts';
import type { Topology } from '../spec/topology.ts';
import type { AttemptInfo, Receiver } from '../contracts/receiver.ts';
import { REACTION, type ReactionKind } from '../contracts/observations.ts';
import { EvidenceStore } from './evidence-store.ts';
import { deferralProbability, junkProbability, shrunk, shrunkRate, trust } from './evidence.ts';
import { VolumeHistory } from './volume-history.ts';
import { resolveParams, type ParamTable } from './params.ts';
import { HiddenTrace } from '../contracts/hidden-trace.ts';
import { Draws } from './draws.ts';

export const YAHOO_PARAMS = {
  k0: { default: 200, doc: 'prior strength', evidence: '[model]' },
  pi0: { default: 0.5, doc: 'neutral prior trust', evidence: '[model]' },
  halfLife: { default: 14, doc: 'days: evidence half-life', evidence: '[model]' },
  wEng: { default: 1, doc: 'positive evidence per engagement', evidence: '[model]' },
  wInact: { default: 0.1, doc: 'negative evidence per inactive message', evidence: '[model]' },
  wC: { default: 200, doc: 'negative evidence per complaint', evidence: '[model]' },
  nShrink: {
    default: 2000,
    doc: 'delivered messages at which a complaint weighs half of wC (wC·n/(n + nShrink))',
    evidence: '[model] small samples shrink toward the prior',
  },
  ratePrior: {
    default: 1000,
    doc: "messages added to the complaint rate's denominator: complaints / (inbox + ratePrior)",
    evidence: '[model] a rate is only meaningful with volume',
  },
  wU: { default: 4, doc: 'negative evidence per unknown user', evidence: '[model]' },
  wTrap: { default: 400, doc: 'negative evidence per trap hit', evidence: '[model]' },
  complaintLimit: { default: 0.003, doc: 'rolling 24 h complaint rate that boxes the IP', evidence: '[Y-doc] 0.3 %' },
  k: { default: 3, doc: 'hourly attempts above k·B box the IP', evidence: '[model]' },
  floor: { default: 200, doc: 'messages/hour always allowed per IP', evidence: '[model]' },
  tauBDays: { default: 3, doc: 'days: accepted-volume EWMA', evidence: '[model]' },
  boxHours: { default: 2, doc: 'first penalty box, hours', evidence: '[practitioner] KumoMTA: Yahoo TSS04 -> suspend 2 h' },
  boxCapHours: { default: 24, doc: 'longest penalty box, hours', evidence: '[model]' },
  permanentAfter: { default: 4, doc: 'boxes within 7 days that lead to TSS09', evidence: '[model]' },
  permanentHours: { default: 36, doc: 'TSS09 duration, hours', evidence: '[model] 24-48 h' },
  perConnection: { default: 20, doc: 'messages per connection before Yahoo closes it', evidence: '[Y-doc]' },
  pMax: { default: 0.3, doc: 'maximum reputation deferral probability', evidence: '[model]' },
  spamhausListed: { default: false, doc: 'the sending IPs are on Spamhaus (553 BL21)', evidence: '[Y-doc]' },
  mode: { default: 'random', doc: '"random" or "expected" (error diffusion)', evidence: '[model]' },
} as const satisfies ParamTable;

export class YahooReceiver implements Receiver {
  readonly name = 'yahoo';
  lastJunk = false;
  readonly hidden: HiddenTrace;
  private readonly p;
  private readonly ipEv: EvidenceStore;
  private readonly domEv: EvidenceStore;
  private readonly boxUntil: Float64Array;
  private readonly boxHits: Float64Array;
  private readonly boxes: number[][];
  private readonly permanentUntil: Float64Array;
  /** Established hourly rate per IP (accepted per active hour, ./volume-history.ts), fading with tauBDays. */
  private readonly B: VolumeHistory;
  private readonly hourCount: Float64Array;
  private readonly hourOf: Float64Array;
  /** Complaints and inbox deliveries per IP in 24 hourly buckets. */
  private readonly comp: Float64Array;
  private readonly inbox: Float64Array;
  private readonly bucketHour: Float64Array;
  private readonly conns: Int32Array;
  private readonly onConn: Float64Array;
  private readonly draws: Draws;
  private readonly auth: Scenario['domains'];
  private readonly feedback: Uint8Array;
  private readonly r;

  constructor(scenario: Scenario, topo: Topology, replies: ReplyTable, seed: number, overrides: Readonly<Record<string, unknown>> = {}) {
    this.p = resolveParams(YAHOO_PARAMS, overrides, 'receivers.yahoo');
    const n = topo.ips.length;
    this.ipEv = new EvidenceStore(n, this.p.halfLife * 86400);
    this.domEv = new EvidenceStore(topo.domains.length, this.p.halfLife * 86400);
    const f = (k: number) => new Float64Array(k);
    this.boxUntil = f(n);
    this.boxHits = f(n);
    this.boxes = topo.ips.map(() => []);
    this.permanentUntil = f(n);
    this.B = new VolumeHistory(n, this.p.tauBDays * 24, 0);
    this.hourCount = f(n);
    this.hourOf = f(n).fill(-1);
    this.comp = f(n * 24);
    this.inbox = f(n * 24);
    this.bucketHour = f(n * 24).fill(-1);
    this.conns = new Int32Array(n);
    this.onConn = f(n);
    this.draws = new Draws(seed, n, 2, this.p.mode === 'expected');
    this.auth = scenario.domains;
    this.feedback = Uint8Array.from(scenario.ips, (x) => (x.feedbackLoop ? 1 : 0));
    const addr = topo.ips.map((x) => x.address);
    const per = (t: string) => addr.map((a) => replies.get(fill(t, a)));
    const T = YAHOO_TEXTS;
    this.r = {
      ok: replies.get(T.accepted),
      unknown: replies.get(T.unknownUser),
      unauth: replies.get(T.unauthenticated),
      deferred: per(T.deferred),
      complaints: per(T.complaints),
      permanent: per(T.permanent),
      spamhaus: per(T.spamhaus),
      perConn: replies.get(T.perConnection),
    };
    this.hidden = new HiddenTrace('yahoo', Math.ceil(scenario.duration / 3600), addr);
    scenario.ips.forEach((x, i) => {
      if (!x.prewarm) return;
      const e = prewarmEvidence(x.prewarm, this.p.halfLife, this.p.tauBDays * 24, this.p.wEng, this.p.wInact);
      this.ipEv.P[i] = e.P;
      this.ipEv.N[i] = e.N;
      this.ipEv.n[i] = e.n;
      this.B.preset(i, prewarmHistory(x.prewarm, this.p.tauBDays * 24));
    });
    scenario.domains.forEach((x, i) => {
      if (!x.prewarm) return;
      const e = prewarmEvidence(x.prewarm, this.p.halfLife, this.p.tauBDays * 24, this.p.wEng, this.p.wInact);
      this.domEv.P[i] = e.P;
      this.domEv.N[i] = e.N;
    });
  }

  connect(ip: number): Reply | undefined {
    this.conns[ip]!++;
    return undefined;
  }

  disconnect(ip: number): void {
    this.conns[ip]!--;
    this.onConn[ip] = Math.max(0, this.onConn[ip]! - this.p.perConnection);
  }

  attempt(a: AttemptInfo, now: number): Reply {
    const p = this.p,
      ip = a.ip,
      dm = a.sendDomain;
    this.lastJunk = false;
    this.B.attempt(ip, now);
    if (p.spamhausListed) return this.r.spamhaus[ip]!;
    if (this.permanentUntil[ip]! > now) return this.r.permanent[ip]!;
    if (this.boxUntil[ip]! > now) {
      if (++this.boxHits[ip]! % 100 === 0) this.boxUntil[ip]! += 900;
      return this.r.deferred[ip]!;
    }
    if (++this.onConn[ip]! > p.perConnection * Math.max(1, this.conns[ip]!)) return this.r.perConn;
    if (this.countHour(ip, now) > Math.max(p.floor, p.k * this.B.at(ip, now))) return this.box(ip, now, this.r.deferred[ip]!);
    if (this.complaintRate(ip, now) > p.complaintLimit) return this.box(ip, now, this.r.complaints[ip]!);
    const au = this.auth[dm]!;
    if (!au.spf && !au.dkim) return this.r.unauth;
    this.ipEv.touch(ip, now);
    this.domEv.touch(dm, now);
    const T = 0.7 * trust(p.k0, p.pi0, this.ipEv.P[ip]!, this.ipEv.N[ip]!) + 0.3 * trust(p.k0, p.pi0, this.domEv.P[dm]!, this.domEv.N[dm]!);
    if (this.draws.draw(ip, 0, deferralProbability(p.pMax, 0.2, 0.04, T))) return this.r.deferred[ip]!;
    if (a.unknownUser) {
      this.negative(ip, dm, p.wU);
      return this.r.unknown;
    }
    this.B.accept(ip, now);
    this.ipEv.n[ip]!++;
    this.lastJunk = this.draws.draw(ip, 1, junkProbability(T));
    if (!this.lastJunk) this.inbox[this.bucket(ip, now)]!++;
    if (a.trap) this.negative(ip, dm, p.wTrap);
    return this.r.ok;
  }

  reactMany(kind: ReactionKind, ip: number, dm: number, count: number, now: number): void {
    if (kind !== REACTION.inactive) {
      for (let k = 0; k < count; k++) this.react(kind, ip, dm, -1, now);
      return;
    }
    this.ipEv.touch(ip, now);
    this.domEv.touch(dm, now);
    this.negative(ip, dm, this.p.wInact * count);
  }

  react(kind: ReactionKind, ip: number, dm: number, _rcpt: number, now: number): boolean {
    this.ipEv.touch(ip, now);
    this.domEv.touch(dm, now);
    if (kind === REACTION.engage) {
      this.ipEv.P[ip]! += this.p.wEng;
      this.domEv.P[dm]! += this.p.wEng;
      return false;
    }
    if (kind === REACTION.inactive) {
      this.negative(ip, dm, this.p.wInact);
      return false;
    }
    // a complaint's weight shrinks at small samples (as Microsoft's: docs/receiver-model.md 2.4)
    this.ipEv.N[ip]! += shrunk(this.p.wC, this.ipEv.n[ip]!, this.p.nShrink);
    this.domEv.N[dm]! += shrunk(this.p.wC, this.domEv.n[dm]!, this.p.nShrink);
    this.comp[this.bucket(ip, now)]!++;
    return this.feedback[ip] === 1; // Yahoo CFL
  }

  onHour(hour: number, now: number): void {
    for (let ip = 0; ip < this.B.level.length; ip++) {
      this.ipEv.touch(ip, now);
      const T = trust(this.p.k0, this.p.pi0, this.ipEv.P[ip]!, this.ipEv.N[ip]!);
      this.hidden.set(hour, ip, 0, T);
      this.hidden.set(hour, ip, 1, T);
      this.hidden.set(hour, ip, 2, Math.max(this.p.floor, this.p.k * this.B.at(ip, now)));
      this.hidden.set(hour, ip, 5, this.boxUntil[ip]! > now || this.permanentUntil[ip]! > now ? 1 : 0);
    }
  }

  private box(ip: number, now: number, reply: Reply): Reply {
    const p = this.p;
    const recent = this.boxes[ip]!.filter((t) => t > now - 7 * 86400);
    const lastDay = recent.filter((t) => t > now - 86400).length;
    recent.push(now);
    this.boxes[ip] = recent;
    if (recent.length >= p.permanentAfter) {
      this.permanentUntil[ip] = now + p.permanentHours * 3600;
      return this.r.permanent[ip]!;
    }
    this.boxUntil[ip] = now + Math.min(p.boxHours * 3600 * Math.pow(2, lastDay), p.boxCapHours * 3600);
    this.boxHits[ip] = 0;
    return reply;
  }

  private countHour(ip: number, now: number): number {
    const h = Math.floor(now / 3600);
    if (this.hourOf[ip] !== h) {
      this.hourOf[ip] = h;
      this.hourCount[ip] = 0;
    }
    return ++this.hourCount[ip]!;
  }

  private bucket(ip: number, now: number): number {
    const h = Math.floor(now / 3600);
    const b = ip * 24 + (h % 24);
    if (this.bucketHour[b] !== h) {
      this.bucketHour[b] = h;
      this.comp[b] = 0;
      this.inbox[b] = 0;
    }
    return b;
  }

  private complaintRate(ip: number, now: number): number {
    const h = Math.floor(now / 3600);
    let c = 0,
      n = 0;
    for (let k = 0; k < 24; k++) {
      if (this.bucketHour[ip * 24 + k]! > h - 24) {
        c += this.comp[ip * 24 + k]!;
        n += this.inbox[ip * 24 + k]!;
      }
    }
    return shrunkRate(c, n, this.p.ratePrior);
  }

  private negative(ip: number, dm: number, w: number): void {
    this.ipEv.N[ip]! += w;
    this.domEv.N[dm]! += w;
  }
}
