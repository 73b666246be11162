/**
 * The one place that decides what reaches whom (the {@link Observations} seam): SMTP replies and
 * published daily reports go to the policy, audience reactions to the recipient's receiver,
 * complaint copies to the policy, and the hour boundary to every receiver and then the policy.
 * The policy is handed nothing else: no receiver, no hidden state.
 */
import type { Reply } from '../smtp/reply.ts';
import type { Policy } from '../contracts/policy.ts';
import type { Receiver } from '../contracts/receiver.ts';
import { REPORT_LAG_DAYS, type Observations, type ReactionKind } from '../contracts/observations.ts';

export class ObservationRouter implements Observations {
  readonly wantsComplaintCopies: boolean;

  constructor(
    private readonly receivers: readonly Receiver[],
    private readonly policy: Policy,
  ) {
    this.wantsComplaintCopies = policy.onComplaint !== undefined;
  }

  reply(path: number, reply: Reply, now: number): void {
    this.policy.onReply(path, reply, now);
  }

  reaction(provider: number, kind: ReactionKind, ip: number, sendDomain: number, recipient: number, now: number): boolean {
    return this.receivers[provider]!.react(kind, ip, sendDomain, recipient, now);
  }

  reactions(provider: number, kind: ReactionKind, ip: number, sendDomain: number, count: number, now: number): void {
    const r = this.receivers[provider]!;
    if (r.reactMany) r.reactMany(kind, ip, sendDomain, count, now);
    else for (let j = 0; j < count; j++) r.react(kind, ip, sendDomain, -1, now);
  }

  complaintCopy(ip: number, provider: number, now: number): void {
    this.policy.onComplaint?.(ip, provider, now);
  }

  hourEnd(hour: number, now: number): void {
    for (const r of this.receivers) r.onHour?.(hour, now);
    if (now % 86400 === 0 && now >= REPORT_LAG_DAYS * 86400) {
      const day = now / 86400 - REPORT_LAG_DAYS;
      for (const r of this.receivers) {
        const rows = r.dailyReport?.(day);
        if (rows !== undefined && rows.length > 0) this.policy.onDailyReport?.(rows, now);
      }
    }
    this.policy.onHour?.(hour + 1, now);
  }
}
