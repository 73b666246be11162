/** SMTP replies classified as the simulator classes them. */
import { parseReplyLine } from '../smtp/reply.ts';
import { classify, isTemporary } from '../smtp/classifier.ts';
import type { ReplyClass } from '../smtp/classes.ts';

/** What a reply means to a sender. */
export interface ReplyInfo {
  readonly code: number;
  readonly enhanced: string;
  readonly class: ReplyClass;
  readonly temporary: boolean;
}

/**
 * Classifies one reply line ("451 4.7.650 The mail server ... (S775)").
 * @example
 * ```ts
 * classifyReply('451 4.7.650 The mail server [192.0.2.1] has been temporarily rate limited due to IP reputation.').class; // 'throttle'
 * ```
 */
export function classifyReply(text: string): ReplyInfo {
  const { code, enhanced } = parseReplyLine(text);
  const cls = classify(text);
  return { code, enhanced, class: cls, temporary: isTemporary(text, cls) };
}
