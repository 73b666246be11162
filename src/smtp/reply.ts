/**
 * What a sender sees of one SMTP exchange. Replies are interned: one frozen object per distinct
 * text, created once, so the hot path passes references and policies can cache per-reply
 * decisions by `id` (a small dense integer) instead of matching text again.
 */
import { classify, isTemporary } from './classifier.ts';
import type { ReplyClass } from './classes.ts';

export interface Reply {
  /** Dense index of this reply in the table that interned it. */
  readonly id: number;
  /** Basic status code: 250, 421, 451, 550, ... */
  readonly code: number;
  /** Enhanced status code (RFC 3463) such as "4.7.650", or "" when the reply has none. */
  readonly enhanced: string;
  /** The whole reply line as the sender's log would show it, starting with the code. */
  readonly text: string;
  readonly cls: ReplyClass;
  readonly temporary: boolean;
}

/** Parses "451 4.7.650 The mail server ..." (also "421-4.7.28 ...") into code and enhanced code. */
export function parseReplyLine(text: string): { code: number; enhanced: string } {
  const m = /^([245]\d\d)[ -]?(?:([245]\.\d{1,3}\.\d{1,3})\b)?/.exec(text.trim());
  return { code: m ? Number(m[1]) : 0, enhanced: m?.[2] ?? '' };
}

/** Interns reply texts. One table per simulation run keeps ids dense and runs independent. */
export class ReplyTable {
  private readonly byText = new Map<string, Reply>();
  private readonly all: Reply[] = [];

  /** The interned reply for this exact text (classified once, on first sight). */
  get(text: string): Reply {
    let r = this.byText.get(text);
    if (r === undefined) {
      const { code, enhanced } = parseReplyLine(text);
      const cls = classify(text);
      r = Object.freeze({ id: this.all.length, code, enhanced, text, cls, temporary: isTemporary(text, cls) });
      this.byText.set(text, r);
      this.all.push(r);
    }
    return r;
  }

  /** Number of distinct replies interned so far. */
  get size(): number {
    return this.all.length;
  }

  /** Reply by id. */
  byId(id: number): Reply | undefined {
    return this.all[id];
  }
}
