/**
 * A scripted receiver (scenario `receivers.<provider>.script`): the sink MTA developers test
 * retry and shaping mechanics against (KumoMTA's smart sink "bounce 5 %, defer 10 %" per domain,
 * Postfix's smtp-sink), with no reputation state. Per attempt, in order: a reply window covering
 * the time; the message's first `defer` attempts get `reply`; fixed odds per reply (a
 * counter-based draw on the message and attempt, so runs repeat); else `accept`. `[IP]` in a
 * reply is the sending IP.
 */
import { hashUniform } from '../engine/hash.ts';
import type { Reply, ReplyTable } from '../smtp/reply.ts';
import { fill } from '../smtp/texts.ts';
import type { AttemptInfo, Receiver } from '../contracts/receiver.ts';
import type { ScriptSpec } from '../spec/scenario.ts';

export class ScriptedReceiver implements Receiver {
  readonly lastJunk = false;
  private readonly deferReply: readonly Reply[];
  private readonly odds: readonly { readonly p: number; readonly reply: readonly Reply[] }[];
  private readonly windows: readonly { readonly from: number; readonly to: number; readonly reply: readonly Reply[] }[];
  private readonly accept: readonly Reply[];

  constructor(
    readonly name: string,
    private readonly s: ScriptSpec,
    addresses: readonly string[],
    replies: ReplyTable,
    private readonly seed: number,
  ) {
    const per = (text: string) => addresses.map((a) => replies.get(fill(text, a)));
    this.deferReply = per(s.reply);
    this.odds = s.odds.map((o) => ({ p: o.p, reply: per(o.reply) }));
    this.windows = s.windows.map((w) => ({ from: w.from, to: w.to, reply: per(w.reply) }));
    this.accept = per(s.accept);
  }

  connect(): Reply | undefined {
    return undefined;
  }

  attempt(a: AttemptInfo, now: number): Reply {
    for (const w of this.windows) if (now >= w.from && now < w.to) return w.reply[a.ip]!;
    if (a.attemptNo <= this.s.defer) return this.deferReply[a.ip]!;
    if (this.odds.length > 0) {
      let u = hashUniform(this.seed, a.tag, a.attemptNo, a.recipient);
      for (const o of this.odds) {
        if (u < o.p) return o.reply[a.ip]!;
        u -= o.p;
      }
    }
    return this.accept[a.ip]!;
  }

  disconnect(): void {}

  react(): boolean {
    return false;
  }
}
