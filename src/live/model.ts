/**
 * The decisions of live mode, without sockets: connections and SMTP commands in, model reply
 * texts out, at given model times. One engine Simulation is the model clock (advanced to each
 * decision's time, so reactions and hourly work run in model time) and the scenario's receivers
 * (src/receivers/registry.ts) keep the hidden state per IP, /24 and sending domain.
 *
 * Stages, as the real providers answer (docs: receiver-model 1; Microsoft's NDR pages):
 * - connect (greeting): the receiver's connection refusal (451 4.7.652 S3115 above the limit);
 * - MAIL FROM: for Microsoft, Microsoft 365 and Yahoo the reputation decision of the message
 *   (451 4.7.650 S775, S3150/S3140 blocks, 5.7.606 bans, Yahoo TSS04) is made and answered here,
 *   for the message's first recipient; Gmail and corporate MXs decide at RCPT (they need the
 *   recipient: greylisting triplets, Gmail's per-recipient checks);
 * - RCPT: unknown users (550 5.5.0 / 5.1.1), further recipients' decisions, relay refusals;
 * - after DATA: authentication (550 5.7.515, Gmail 5.7.26) and content replies, else the 250;
 *   Gmail gives its rate limits and blocks (421-4.7.28, 421-4.7.0, 550-5.7.1) there too.
 * An unknown first recipient of a MAIL-FROM provider gets the provider's unknown-user text at RCPT
 * but the model already counted that slot as a delivery (its Receiver has no separate recipient
 * check): a known simplification.
 */
import {
  defaultReceivers,
  ReplyTable,
  Simulation,
  Topology,
  seed32,
  PROVIDERS,
  type AttemptInfo,
  type ProviderName,
  type Receiver,
  type Reply,
  type ReplyClass,
  type Scenario,
} from './adapter.ts';
import { AddressMap } from './address-map.ts';
import { LiveCounts, outcomeOf } from './counts.ts';
import { LiveReactions, type ComplaintCopy } from './reactions.ts';
import { Recipients, messageKey, type RecipientInfo } from './recipients.ts';
import { ScriptedReceiver, type ScriptSpec } from './scripted.ts';
import { unknownUserText } from './texts.ts';

type Stage = 'connect' | 'mail' | 'rcpt' | 'data';
export const RELAY_DENIED = '550 5.7.54 SMTP; Unable to relay recipient in non-accepted domain';
const NOT_A_SCENARIO_IP = '554 5.7.1 Client address is not one of the scenario sending IPs (warmup-sim live)';

/** Where each provider makes its reputation decision of a message. */
const DECIDE_AT: Readonly<Record<ProviderName, 'mail' | 'rcpt'>> = {
  microsoft: 'mail',
  m365: 'mail',
  yahoo: 'mail',
  gmail: 'rcpt',
  corporate: 'rcpt',
};

/** Classes answered after DATA rather than at the decision's stage. */
const AFTER_DATA: ReadonlySet<ReplyClass> = new Set(['accepted', 'auth', 'content']);

/** Whether a decided reply waits for the end of DATA: Gmail answers everything but unknown users there. */
function afterData(provider: ProviderName, cls: ReplyClass): boolean {
  return AFTER_DATA.has(cls) || (provider === 'gmail' && cls !== 'unknown-user');
}

export interface LiveModelOptions {
  readonly scenario: Scenario;
  /** Client address -> scenario IP pairs; unmapped clients take free scenario IPs in order of first appearance. */
  readonly map?: readonly (readonly [string, string])[];
  /** Scripted answers instead of the reputation models. */
  readonly script?: ScriptSpec | undefined;
  readonly onComplaintCopy?: (c: LiveComplaint) => void;
  /** Model seconds the run may last (receivers size their hourly traces and daily counters by it). */
  readonly modelDuration?: number;
}

/** A complaint copy with what an ARF report names: the scenario IP, the sending domain, the delivery's date. */
export interface LiveComplaint extends ComplaintCopy {
  readonly ipAddress: string;
  readonly domainName: string;
  /** RFC 5322 date of the model time (scenario start date + model seconds). */
  readonly date: string;
}

/** One decision: the reply text to send (undefined: go on with the normal success reply). */
export interface Decision {
  readonly reply: string | undefined;
  readonly cls?: ReplyClass;
}

interface Slot {
  readonly rcpt: RecipientInfo;
  readonly provider: number;
  readonly reply: Reply;
  readonly junk: boolean;
}

interface Conn {
  readonly ip: number;
  readonly provider: number;
  readonly site: number;
  admitted: boolean;
  sender: string;
  sendDomain: number;
  /** The MAIL FROM decision waiting for its first recipient (MAIL-FROM providers). */
  first: { reply: Reply; junk: boolean } | undefined;
  slots: Slot[];
}

const PROCEED: Decision = { reply: undefined };

export class LiveModel {
  readonly sim = new Simulation({ initialCapacity: 4096 });
  readonly topo: Topology;
  readonly receivers: readonly Receiver[];
  readonly replies = new ReplyTable();
  readonly recipients: Recipients;
  readonly addresses: AddressMap;
  readonly counts: LiveCounts;
  readonly reactions: LiveReactions;
  private readonly conns = new Map<number, Conn>();
  private readonly decideAt: readonly ('mail' | 'rcpt')[];
  private deliveries = 0;
  private readonly attemptInfo: AttemptInfo = {
    ip: 0,
    net: 0,
    site: 0,
    sendDomain: 0,
    recipient: 0,
    unknownUser: false,
    trap: false,
    stream: 0,
    attemptNo: 1,
    tag: 0,
  };

  constructor(readonly options: LiveModelOptions) {
    const scenario = { ...options.scenario, duration: Math.max(options.scenario.duration, options.modelDuration ?? 30 * 86400) };
    this.topo = new Topology(scenario);
    const seed = seed32(scenario.seed);
    const script = options.script;
    this.receivers =
      script !== undefined
        ? this.topo.providers.map((p) => new ScriptedReceiver(p, script, this.topo, this.replies))
        : defaultReceivers({ scenario, topo: this.topo, replies: this.replies, seed });
    this.decideAt = this.topo.providers.map((p) => (script !== undefined ? (script.key === 'sender' ? 'mail' : 'rcpt') : DECIDE_AT[p]));
    this.recipients = Recipients.of(scenario, this.topo);
    this.addresses = new AddressMap(
      this.topo.ips.map((x) => x.address),
      options.map ?? [],
    );
    this.counts = new LiveCounts(
      this.topo.ips.map((x) => x.address),
      this.topo.providers,
    );
    this.reactions = new LiveReactions(
      this.sim,
      this.receivers,
      scenario.audience.segments,
      seed32(`${scenario.seed}/live-reactions`),
      (c) => {
        const day0 = Date.parse(`${scenario.startDate}T00:00:00Z`);
        const date = new Date(day0 + c.modelTime * 1000).toUTCString().replace('GMT', '+0000'); // wall-clock-ok: formats a model time, reads no clock
        options.onComplaintCopy?.({
          ...c,
          ipAddress: this.topo.ips[c.ip]!.address,
          domainName: this.topo.domains[c.sendDomain] ?? '',
          date,
        });
      },
    );
    this.sim.every(
      3600,
      (hour) => {
        for (const r of this.receivers) r.onHour?.(hour, this.sim.now);
      },
      3600,
    );
  }

  /** Provider id by name (-1 if unknown). */
  providerId(name: string): number {
    return (PROVIDERS as readonly string[]).indexOf(name);
  }

  /** Runs model events up to `now` (model seconds). */
  advance(now: number): void {
    if (now > this.sim.now) this.sim.run({ until: now });
  }

  connect(conn: number, client: string, provider: number, now: number): Decision {
    this.advance(now);
    const ip = this.addresses.ipOf(client);
    const site = this.topo.recipientDomains[this.topo.providerDomains[provider]![0]!]!.site;
    const c: Conn = { ip, provider, site, admitted: false, sender: '', sendDomain: 0, first: undefined, slots: [] };
    this.conns.set(conn, c);
    if (ip < 0) return { reply: NOT_A_SCENARIO_IP, cls: 'block' };
    const refusal = this.receivers[provider]!.connect(ip, site, this.sim.now);
    this.counts.connection(ip, refusal !== undefined);
    if (refusal !== undefined) return { reply: refusal.text, cls: refusal.cls };
    c.admitted = true;
    return PROCEED;
  }

  mailFrom(conn: number, sender: string, now: number): Decision {
    this.advance(now);
    const c = this.conns.get(conn);
    if (c === undefined || !c.admitted) return PROCEED;
    this.abandon(c, now);
    c.sender = sender;
    c.sendDomain = this.sendingDomain(sender);
    if (this.decideAt[c.provider] !== 'mail') return PROCEED;
    const reply = this.attempt(c, c.provider, c.site, undefined, messageKey(sender));
    const junk = this.receivers[c.provider]!.lastJunk;
    if (!afterData(this.topo.providers[c.provider]!, reply.cls) && reply.cls !== 'unknown-user') {
      this.counts.outcome(c.ip, c.provider, this.sim.now, outcomeOf(reply.code, reply.cls));
      return { reply: reply.text, cls: reply.cls };
    }
    c.first = { reply, junk };
    return PROCEED;
  }

  rcptTo(conn: number, address: string, now: number): Decision {
    this.advance(now);
    const c = this.conns.get(conn);
    if (c === undefined || !c.admitted) return PROCEED;
    const info = this.recipients.classify(address);
    if (info.provider !== c.provider) return { reply: RELAY_DENIED, cls: 'other-permanent' };
    let reply: Reply, junk: boolean;
    if (this.decideAt[c.provider] === 'mail' && c.first !== undefined) {
      ({ reply, junk } = c.first);
      c.first = undefined;
      if (info.unknown && reply.code === 250) reply = this.replies.get(unknownUserText(this.topo.providers[c.provider]!));
    } else {
      reply = this.attempt(c, c.provider, info.site, info, messageKey(c.sender, address));
      junk = this.receivers[c.provider]!.lastJunk;
    }
    if (!afterData(this.topo.providers[c.provider]!, reply.cls)) {
      this.counts.outcome(c.ip, c.provider, this.sim.now, outcomeOf(reply.code, reply.cls));
      return { reply: reply.text, cls: reply.cls };
    }
    c.slots.push({ rcpt: info, provider: c.provider, reply, junk });
    return PROCEED;
  }

  /** End of DATA: `fromDomain` is the From header's domain (for reactions), if any. */
  dataEnd(conn: number, fromDomain: string | undefined, now: number): Decision {
    this.advance(now);
    const c = this.conns.get(conn);
    if (c === undefined || !c.admitted || c.slots.length === 0) return PROCEED;
    const slots = c.slots;
    c.slots = [];
    const refusal = slots.find((s) => s.reply.code !== 250);
    const final = refusal?.reply ?? slots[0]!.reply;
    const dm = fromDomain !== undefined ? this.domainId(fromDomain) : -1;
    for (const s of slots) {
      this.counts.outcome(c.ip, s.provider, this.sim.now, outcomeOf(final.code, final.cls));
      if (final.code !== 250) continue;
      const r = s.rcpt;
      this.reactions.delivered(
        {
          provider: s.provider,
          ip: c.ip,
          sendDomain: dm >= 0 ? dm : c.sendDomain,
          recipient: r.id,
          address: r.address,
          segment: r.segment,
          trap: r.trap,
          junk: s.junk,
        },
        this.deliveries++,
      );
    }
    return { reply: final.text, cls: final.cls };
  }

  /** RSET, or a new MAIL FROM: decisions made for this transaction are abandoned. */
  reset(conn: number, now: number): void {
    const c = this.conns.get(conn);
    if (c !== undefined) this.abandon(c, now);
  }

  close(conn: number, now: number): void {
    this.advance(now);
    const c = this.conns.get(conn);
    if (c === undefined) return;
    this.abandon(c, now);
    if (c.admitted) this.receivers[c.provider]!.disconnect(c.ip, c.site, this.sim.now);
    this.conns.delete(conn);
  }

  /** Open connections. */
  get open(): number {
    return this.conns.size;
  }

  private abandon(c: Conn, now: number): void {
    if (c.first !== undefined) this.counts.outcome(c.ip, c.provider, now, 'abandoned');
    for (const s of c.slots) this.counts.outcome(c.ip, s.provider, now, 'abandoned');
    c.first = undefined;
    c.slots = [];
  }

  private attempt(c: Conn, provider: number, site: number, r: RecipientInfo | undefined, tag: number): Reply {
    const a = this.attemptInfo;
    a.ip = c.ip;
    a.net = this.topo.ips[c.ip]!.net;
    a.site = site;
    a.sendDomain = c.sendDomain;
    a.recipient = r?.id ?? 0;
    a.unknownUser = r?.unknown ?? false;
    a.trap = r?.trap ?? false;
    a.tag = tag;
    return this.receivers[provider]!.attempt(a, this.sim.now);
  }

  /** The scenario domain an envelope sender belongs to (itself or a subdomain), else the first domain. */
  private sendingDomain(sender: string): number {
    const id = this.domainId(Recipients.domainOf(sender));
    return id >= 0 ? id : 0;
  }

  private domainId(domain: string): number {
    const d = domain.toLowerCase();
    return this.topo.domains.findIndex((x) => d === x || d.endsWith(`.${x}`));
  }
}
