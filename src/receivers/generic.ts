/**
 * A generic corporate MX (docs/receiver-model.md 4.3): each corporate domain is its own site with
 * its own state.
 * - Greylisting (postgrey defaults): the first attempt for an unseen triplet (client /24, sender
 *   domain, recipient) gets 450 4.2.0; a retry after `greylistDelay` (300 s) within 2 days passes;
 *   a client with `autoWhitelist` (5) passes is whitelisted for the site; triplets are forgotten
 *   after 35 days.
 * - Postfix anvil limits per client IP and site: `maxConnections` (10) concurrent connections
 *   (421 4.7.0), `maxPerMinute` (100) messages per minute (450 4.7.1).
 * - DNSBL (`dnsblListed`): 554 5.7.1 blocked using zen.spamhaus.org.
 * - A small local reputation per client IP (k0 = 20, half-life 7 d): quarantine (junk)
 *   probability σ((0.3 - T)/0.05).
 * - Unknown users: 550 5.1.1.
 */
import { hash32 } from '../engine/hash.ts';
import type { Reply, ReplyTable } from '../smtp/reply.ts';
import { GENERIC_TEXTS, fill } from '../smtp/texts.ts';
import type { Scenario } from '../spec/scenario.ts';
import type { Topology } from '../spec/topology.ts';
import type { AttemptInfo, Receiver } from '../contracts/receiver.ts';
import { REACTION, type ReactionKind } from '../contracts/observations.ts';
import { EvidenceStore } from './evidence-store.ts';
import { junkProbability, trust } from './evidence.ts';
import { resolveParams, type ParamTable } from './params.ts';
import { Draws } from './draws.ts';

export const GENERIC_PARAMS = {
  greylist: { default: true, doc: 'greylist unseen triplets', evidence: '[practitioner] postgrey' },
  greylistDelay: { default: 300, doc: 'seconds before a retry of a greylisted triplet passes', evidence: '[postgrey --delay=300]' },
  greylistWindow: { default: 2, doc: 'days within which the retry must come', evidence: '[postgrey --max-age]' },
  autoWhitelist: { default: 5, doc: 'passes after which a client is whitelisted', evidence: '[postgrey --auto-whitelist-clients]' },
  forgetDays: { default: 35, doc: 'days after which a triplet is forgotten', evidence: '[postgrey --retry-window / max-age]' },
  maxConnections: { default: 10, doc: 'concurrent connections per client IP', evidence: '[Postfix smtpd_client_connection_count_limit]' },
  maxPerMinute: { default: 100, doc: 'messages per client IP per minute', evidence: '[Postfix smtpd_client_message_rate_limit]' },
  dnsblListed: { default: false, doc: 'the sending IPs are on zen.spamhaus.org', evidence: '[model]' },
  k0: { default: 20, doc: 'prior strength of the local reputation', evidence: '[model]' },
  halfLife: { default: 7, doc: 'days: local reputation half-life', evidence: '[model]' },
  wC: { default: 50, doc: 'negative evidence per complaint', evidence: '[model]' },
  wU: { default: 2, doc: 'negative evidence per unknown user', evidence: '[model]' },
  wEng: { default: 1, doc: 'positive evidence per engagement', evidence: '[model]' },
  wInact: { default: 0.05, doc: 'negative evidence per inactive message', evidence: '[model]' },
  mode: { default: 'random', doc: '"random" or "expected" (error diffusion)', evidence: '[model]' },
} as const satisfies ParamTable;

export class GenericReceiver implements Receiver {
  readonly name = 'corporate';
  lastJunk = false;
  private readonly p;
  private readonly nIp: number;
  /** Triplet key (hash of site, client /24, sender domain, recipient) -> time first seen; -time once passed. */
  private readonly triplets = new Map<number, number>();
  private readonly passes: Float64Array;
  private readonly conns: Int32Array;
  private readonly minute: Float64Array;
  private readonly minuteCount: Float64Array;
  private readonly ev: EvidenceStore;
  private readonly draws: Draws;
  private readonly nets: Int32Array;
  private readonly nNets: number;
  private readonly r;

  constructor(scenario: Scenario, topo: Topology, replies: ReplyTable, seed: number, overrides: Readonly<Record<string, unknown>> = {}) {
    this.p = resolveParams(GENERIC_PARAMS, overrides, 'receivers.corporate');
    this.nIp = topo.ips.length;
    const keys = topo.sites.length * this.nIp;
    this.passes = new Float64Array(topo.sites.length * topo.nets.length);
    this.conns = new Int32Array(keys);
    this.minute = new Float64Array(keys).fill(-1);
    this.minuteCount = new Float64Array(keys);
    this.ev = new EvidenceStore(this.nIp, this.p.halfLife * 86400);
    this.draws = new Draws(seed, this.nIp, 1, this.p.mode === 'expected');
    this.nets = Int32Array.from(topo.ips, (x) => x.net);
    this.nNets = topo.nets.length;
    const addr = topo.ips.map((x) => x.address);
    const per = (t: string) => addr.map((a) => replies.get(fill(t, a)));
    const T = GENERIC_TEXTS;
    this.r = {
      ok: replies.get(T.accepted),
      unknown: replies.get(T.unknownUser),
      grey: replies.get(fill(T.greylisted, '', 'example.org')),
      conns: per(T.tooManyConnections),
      rate: per(T.rateLimited),
      dnsbl: per(T.dnsbl),
    };
    void scenario;
  }

  connect(ip: number, site: number): Reply | undefined {
    const k = site * this.nIp + ip;
    if (this.conns[k]! >= this.p.maxConnections) return this.r.conns[ip];
    this.conns[k]!++;
    return undefined;
  }

  disconnect(ip: number, site: number): void {
    this.conns[site * this.nIp + ip]!--;
  }

  attempt(a: AttemptInfo, now: number): Reply {
    const p = this.p,
      ip = a.ip,
      k = a.site * this.nIp + ip;
    this.lastJunk = false;
    if (p.dnsblListed) return this.r.dnsbl[ip]!;
    const minute = Math.floor(now / 60);
    if (this.minute[k] !== minute) {
      this.minute[k] = minute;
      this.minuteCount[k] = 0;
    }
    if (++this.minuteCount[k]! > p.maxPerMinute) return this.r.rate[ip]!;
    if (p.greylist && !this.passGreylist(a, now)) return this.r.grey;
    if (a.unknownUser) {
      this.ev.touch(ip, now);
      this.ev.N[ip]! += p.wU;
      return this.r.unknown;
    }
    this.ev.touch(ip, now);
    const T = trust(p.k0, 0.5, this.ev.P[ip]!, this.ev.N[ip]!);
    this.lastJunk = this.draws.draw(ip, 0, junkProbability(T, 0.3, 0.05));
    return this.r.ok;
  }

  reactMany(kind: ReactionKind, ip: number, dm: number, count: number, now: number): void {
    if (kind !== REACTION.inactive) {
      for (let k = 0; k < count; k++) this.react(kind, ip, dm, -1, now);
      return;
    }
    this.ev.touch(ip, now);
    this.ev.N[ip]! += this.p.wInact * count;
  }

  react(kind: ReactionKind, ip: number, _dm: number, _rcpt: number, now: number): boolean {
    this.ev.touch(ip, now);
    if (kind === REACTION.engage) this.ev.P[ip]! += this.p.wEng;
    else this.ev.N[ip]! += kind === REACTION.inactive ? this.p.wInact : this.p.wC;
    return false;
  }

  /** postgrey: true when the triplet may pass now. */
  private passGreylist(a: AttemptInfo, now: number): boolean {
    const p = this.p;
    const clientKey = a.site * this.nNets + this.nets[a.ip]!;
    if (this.passes[clientKey]! >= p.autoWhitelist) return true;
    const key = hash32(a.site, this.nets[a.ip]!, a.sendDomain, a.recipient);
    const seen = this.triplets.get(key);
    if (seen !== undefined && seen < 0 && now + seen < p.forgetDays * 86400) return true; // passed before (stored as -time)
    if (seen === undefined || seen < 0 || now - seen > p.greylistWindow * 86400) {
      this.triplets.set(key, now);
      return false;
    }
    if (now - seen < p.greylistDelay) return false;
    this.triplets.set(key, -now);
    this.passes[clientKey]!++;
    return true;
  }
}
