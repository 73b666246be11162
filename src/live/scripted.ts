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
}

export const DEFAULT_SCRIPT: ScriptSpec = { times: 5, reply: MS_TEXTS.rateLimited, accept: MS_TEXTS.accepted, key: 'sender' };

/** Parses "5", "times=5,key=recipient" (the reply comes from its own flag). */
export function parseScript(text: string, reply?: string): ScriptSpec {
  let spec: ScriptSpec = { ...DEFAULT_SCRIPT, ...(reply !== undefined ? { reply } : {}) };
  for (const part of text.split(',')) {
    const [k, v] = part.includes('=') ? part.split('=', 2) : ['times', part];
    if (k === 'times' && /^\d+$/.test(v!.trim())) spec = { ...spec, times: Number(v) };
    else if (k === 'key' && (v === 'sender' || v === 'recipient')) spec = { ...spec, key: v };
    else throw new Error(`--script: "${part}" is not times=N or key=sender|recipient`);
  }
  if (!/^[45]\d\d[ -]/.test(spec.reply)) throw new Error(`--script-reply: "${spec.reply}" does not start with a 4xx or 5xx code`);
  return spec;
}

export class ScriptedReceiver implements Receiver {
  lastJunk = false;
  private readonly seen = new Map<number, number>();
  private readonly replies: Reply[];
  private readonly ok: Reply;

  constructor(
    readonly name: string,
    readonly spec: ScriptSpec,
    topo: Topology,
    table: ReplyTable,
  ) {
    this.replies = topo.ips.map((ip) => table.get(fill(spec.reply, ip.address)));
    this.ok = table.get(spec.accept);
  }

  connect(): Reply | undefined {
    return undefined;
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
