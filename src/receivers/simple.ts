/**
 * Stateless receivers: null models and test doubles.
 * - `AcceptAllReceiver`: 250 to everything (unknown users still get 550 5.1.1), inbox placement.
 * - `FixedRateReceiver`: KumoMTA's smart sink (examples/smart-sink-docker/policy/responses.toml):
 *   bounce `bounce` %, defer `defer` % of attempts with realistic responses, else accept; a
 *   Bernoulli receiver, the null model the reputation-stateful receivers must beat.
 * Draws are counter-based on (seed, message tag, attempt number, recipient).
 */
import { hashUniform } from '../engine/hash.ts';
import type { Reply, ReplyTable } from '../smtp/reply.ts';
import type { AttemptInfo, Receiver } from '../contracts/receiver.ts';

export class AcceptAllReceiver implements Receiver {
  readonly lastJunk = false;
  private readonly ok: Reply;
  private readonly unknown: Reply;

  constructor(
    replies: ReplyTable,
    readonly name = 'accept-all',
  ) {
    this.ok = replies.get('250 2.0.0 OK queued');
    this.unknown = replies.get('550 5.1.1 <recipient>: Recipient address rejected: User unknown');
  }

  connect(): Reply | undefined {
    return undefined;
  }

  attempt(a: AttemptInfo): Reply {
    return a.unknownUser ? this.unknown : this.ok;
  }

  disconnect(): void {}

  react(): boolean {
    return false;
  }
}

export interface FixedRateParams {
  /** Percent of attempts bounced (5xx). */
  readonly bounce: number;
  /** Percent of attempts deferred (4xx). */
  readonly defer: number;
  readonly seed: number;
  readonly deferText?: string;
  readonly bounceText?: string;
}

export class FixedRateReceiver implements Receiver {
  readonly lastJunk = false;
  private readonly ok: Reply;
  private readonly deferReply: Reply;
  private readonly bounceReply: Reply;
  private readonly unknown: Reply;

  constructor(
    replies: ReplyTable,
    private readonly p: FixedRateParams,
    readonly name = 'fixed-rate',
  ) {
    this.ok = replies.get('250 2.0.0 OK queued');
    this.deferReply = replies.get(
      p.deferText ?? '451 4.7.650 The mail server [0.0.0.0] has been temporarily rate limited due to IP reputation. (S775)',
    );
    this.bounceReply = replies.get(p.bounceText ?? '550 5.7.1 Message rejected as spam by Content Filtering.');
    this.unknown = replies.get('550 5.1.1 <recipient>: Recipient address rejected: User unknown');
  }

  connect(): Reply | undefined {
    return undefined;
  }

  attempt(a: AttemptInfo): Reply {
    if (a.unknownUser) return this.unknown;
    const u = hashUniform(this.p.seed, a.tag, a.attemptNo, a.recipient) * 100;
    if (u < this.p.bounce) return this.bounceReply;
    if (u < this.p.bounce + this.p.defer) return this.deferReply;
    return this.ok;
  }

  disconnect(): void {}

  react(): boolean {
    return false;
  }
}
