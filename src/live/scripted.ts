/**
 * A scripted answerer for live mode: every message is deferred `times` times with one reply,
 * then accepted ("defer each message N times with this reply, then accept"). A message is
 * recognised across retries by its key: the envelope sender (`key: 'sender'`, decided at MAIL
 * FROM as Outlook answers 4.7.650) or sender and recipient (`key: 'recipient'`, decided at RCPT).
 * It keeps no reputation: it is for measuring what an MTA's retry schedule does (the Postfix trace
 * in test/integration/), not for warm-up. Default reply: Outlook's 451 4.7.650 (S775) text.
 */
import { MS_TEXTS, fill, type AttemptInfo, type Receiver, type Reply, type ReplyTable, type Topology } from './adapter.ts';

export interface ScriptSpec {
  readonly times: number;
  /** Reply text; `[IP]` becomes the scenario IP. */
  readonly reply: string;
  readonly accept: string;
  readonly key: 'sender' | 'recipient';
  /** Refuse this many first connections at the greeting with `refuseReply`. */
  readonly refuse: number;
  readonly refuseReply: string;
}

const DEFAULT_SCRIPT: ScriptSpec = {
  times: 5,
  reply: MS_TEXTS.rateLimited,
  accept: MS_TEXTS.accepted,
  key: 'sender',
  refuse: 0,
  // Exchange's connection-limit greeting
  refuseReply: '421 4.3.2 The maximum number of concurrent server connections has exceeded a limit, closing transmission channel',
};

/** Parses "5", "times=5,key=recipient,refuse=3" (the reply comes from its own flag). */
export function parseScript(text: string, reply?: string): ScriptSpec {
  let spec: ScriptSpec = { ...DEFAULT_SCRIPT, ...(reply !== undefined ? { reply } : {}) };
  for (const part of text.split(',')) {
    const [k, v] = part.includes('=') ? part.split('=', 2) : ['times', part];
    if (k === 'times' && /^\d+$/.test(v!.trim())) spec = { ...spec, times: Number(v) };
    else if (k === 'key' && (v === 'sender' || v === 'recipient')) spec = { ...spec, key: v };
    else if (k === 'refuse' && /^\d+$/.test(v!.trim())) spec = { ...spec, refuse: Number(v) };
    else throw new Error(`--script: "${part}" is not times=N, key=sender|recipient or refuse=N`);
  }
  if (!/^[45]\d\d[ -]/.test(spec.reply)) throw new Error(`--script-reply: "${spec.reply}" does not start with a 4xx or 5xx code`);
  return spec;
}

export class ScriptedReceiver implements Receiver {
  lastJunk = false;
  private readonly seen = new Map<number, number>();
  private readonly replies: Reply[];
  private readonly ok: Reply;
  private readonly refusal: Reply;
  private connections = 0;

  constructor(
    readonly name: string,
    readonly spec: ScriptSpec,
    topo: Topology,
    table: ReplyTable,
  ) {
    this.replies = topo.ips.map((ip) => table.get(fill(spec.reply, ip.address)));
    this.ok = table.get(spec.accept);
    this.refusal = table.get(spec.refuseReply);
  }

  connect(): Reply | undefined {
    return this.connections++ < this.spec.refuse ? this.refusal : undefined;
  }

  attempt(a: AttemptInfo): Reply {
    const n = this.seen.get(a.tag) ?? 0;
    if (n < this.spec.times) {
      this.seen.set(a.tag, n + 1);
      return this.replies[a.ip]!;
    }
    return this.ok;
  }

  disconnect(): void {}

  react(): boolean {
    return false;
  }
}
