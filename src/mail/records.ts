/**
 * The MTA's reused per-attempt records, as classes rather than object literals.
 *
 * Why classes: V8 tracks the map (hidden class) of the objects a field has held. An object literal
 * built once per run gets one map the first time its line runs and another from the second time on
 * (V8 makes the literal's boilerplate on the second run of the site). Code the JIT optimized during
 * a sweep's first run relied on the first map, so the second run's objects threw it all away: 35
 * optimized functions recompiled at the start of every thread's second run (`--trace-deopt`:
 * "marking dependent code ... code dependencies" while the new run was being wired). `new` gives
 * the same map every time. The same rule holds for any object the hot path reaches through a
 * field (see DESIGN.md, "Sweeps").
 */
import type { AttemptInfo } from '../receivers/receiver.ts';
import type { MessageView } from '../policies/policy.ts';

/** What a receiver sees of one attempt; the MTA fills one in place before each call. */
export class AttemptRecord implements AttemptInfo {
  ip = 0;
  net = 0;
  site = 0;
  sendDomain = 0;
  recipient = 0;
  unknownUser = false;
  trap = false;
  stream = 0;
  attemptNo = 0;
  tag = 0;
}

/** What a retry policy sees of a deferred message; filled in place before each `retryAt`. */
export class MessageRecord implements MessageView {
  attempts = 0;
  injectedAt = 0;
  firstFailAt = 0;
  lastDelay = 0;
  stream = 0;
  provider = 0;
  site = 0;
  ip = 0;
}
