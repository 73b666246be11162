/**
 * Matching reply texts against configured patterns (PowerMTA smtp-pattern-list, KumoMTA TSA
 * regexes, the seed's backoff_on). Replies are interned, so each (pattern set, reply) pair is
 * matched once and the verdict cached by reply id: the hot path does an array read.
 */
import type { Reply } from '../../smtp/reply.ts';

export class ReplyMatcher {
  private verdict = new Uint8Array(64); // 0 unknown, 1 no, 2 yes

  constructor(readonly patterns: readonly RegExp[]) {}

  /** Plain strings match as substrings; "/re/flags" strings as regular expressions. */
  static of(specs: readonly string[]): ReplyMatcher {
    return new ReplyMatcher(specs.map(toRegExp));
  }

  test(reply: Reply): boolean {
    if (reply.id >= this.verdict.length) {
      const v = new Uint8Array(Math.max(reply.id + 1, this.verdict.length * 2));
      v.set(this.verdict);
      this.verdict = v;
    }
    let x = this.verdict[reply.id]!;
    if (x === 0) {
      x = this.patterns.some((p) => p.test(reply.text)) ? 2 : 1;
      this.verdict[reply.id] = x;
    }
    return x === 2;
  }
}

/** "/exceeded the rate limit/i" -> that regex; anything else -> a literal substring match. */
function toRegExp(spec: string): RegExp {
  const m = /^\/(.*)\/([a-z]*)$/s.exec(spec);
  if (m) return new RegExp(m[1]!, m[2]);
  return new RegExp(spec.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
}
