/** Small configurable policies for tests of the sending side (the real library is src/policies/). */
import type { MessageView, MtaControl, Policy } from '../../src/contracts/policy.ts';
import { nextAttemptAt, type RetrySchedule } from '../../src/policies/support/retry.ts';
import type { ThrottleSpec } from '../../src/spec/throttle.ts';
import type { Reply } from '../../src/smtp/reply.ts';

export interface TestPolicyOptions {
  rate?: ThrottleSpec;
  /** Path source-selection rate (KumoMTA source_selection_rate): messages beyond it wait in the holding queue. */
  selectionRate?: ThrottleSpec;
  connections?: number;
  perConnection?: number;
  retry?: RetrySchedule;
  /** Suspend the path for this many seconds on any 4xx. */
  suspendOnDefer?: number;
  maxAge?: number;
  admit?: Policy['admit'];
}

export function testPolicy(o: TestPolicyOptions = {}): Policy & { replies: number; mta?: MtaControl } {
  const retry: RetrySchedule = o.retry ?? { kind: 'fixed', interval: 600, maxAge: 3 * 86400 };
  const p: Policy & { replies: number; mta?: MtaControl } = {
    name: 'test',
    replies: 0,
    setup(mta) {
      p.mta = mta;
      for (let path = 0; path < mta.pathCount; path++) {
        if (o.rate) mta.setPathRate(path, o.rate);
        if (o.selectionRate) mta.setPathRate(path, o.selectionRate, 1);
        if (o.connections !== undefined) mta.setPathConnections(path, o.connections);
        if (o.perConnection !== undefined) mta.setPathPerConnection(path, o.perConnection);
      }
      if (o.maxAge !== undefined) mta.setMaxAge(o.maxAge);
    },
    onReply(path: number, reply: Reply, now: number) {
      p.replies++;
      if (o.suspendOnDefer !== undefined && reply.temporary) p.mta!.suspendPath(path, now + o.suspendOnDefer);
    },
    retryAt(m: MessageView, _reply: Reply, now: number) {
      return nextAttemptAt(retry, {
        attempts: m.attempts,
        injectedAt: m.injectedAt,
        firstFailAt: m.firstFailAt,
        lastDelay: m.lastDelay,
        now,
        u: 0.5,
      });
    },
  };
  if (o.admit) p.admit = o.admit;
  return p;
}
