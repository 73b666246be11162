/**
 * The records the MTA fills in place and hands to receivers and retry policies: one of each per
 * MTA, reused for every attempt (no allocation on the hot path), typed as the interfaces they are.
 */
import type { AttemptInfo } from '../contracts/receiver.ts';
import type { MessageView } from '../contracts/policy.ts';

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
