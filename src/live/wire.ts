/**
 * Model reply texts as bytes on the wire. A model text is one line: "451 4.7.650 The mail server
 * ..." is sent as it is; a text whose code is followed by '-' ("421-4.7.28 ... - gsmtp", Gmail's
 * style) is the first line of a multi-line reply (RFC 5321 4.2.1: "421-" on every line but the
 * last, "421 " on the last), so it is wrapped into lines of at most {@link WRAP} characters, each
 * repeating the enhanced status code as Gmail does.
 *
 * smtp-server adds an RFC 3463 code of its own to every reply it sends (451 -> "4.3.0") unless
 * the call says not to; a model reply travels through smtp-server's callbacks as a marked string
 * (see {@link mark}) that the live server's `send` hook recognises and sends with no code added.
 */

/** Longest wire line of a wrapped multi-line reply (Gmail wraps near 76). */
const WRAP = 76;
const MARK = '\u0000live\u0000';

export interface WireReply {
  readonly code: number;
  /** Reply lines without CRLF, each starting with the code. */
  readonly lines: readonly string[];
}

/** The wire lines of a model reply text. */
export function wireLines(text: string): WireReply {
  const m = /^([2-5]\d\d)([ -])(.*)$/s.exec(text);
  if (!m) throw new Error(`not a reply line: ${JSON.stringify(text)}`);
  const code = Number(m[1]);
  const body = m[3]!;
  if (m[2] === ' ') return { code, lines: [text] };
  const em = /^([245]\.\d{1,3}\.\d{1,3}) (.*)$/s.exec(body);
  const enh = em ? `${em[1]} ` : '';
  const rest = em ? em[2]! : body;
  const width = WRAP - 4 - enh.length;
  const chunks: string[] = [];
  let line = '';
  for (const word of rest.split(' ')) {
    if (line !== '' && line.length + 1 + word.length > width) {
      chunks.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  chunks.push(line);
  return { code, lines: chunks.map((c, i) => `${code}${i < chunks.length - 1 ? '-' : ' '}${enh}${c}`) };
}

/** The reply as the bytes a client reads. */
export function wireBytes(text: string): string {
  return wireLines(text)
    .lines.map((l) => `${l}\r\n`)
    .join('');
}

/** A model reply as an error for smtp-server's callbacks: `responseCode` and a marked message. */
export function replyError(text: string): Error & { responseCode: number } {
  const w = wireLines(text);
  const err = new Error(mark(w)) as Error & { responseCode: number };
  err.responseCode = w.code;
  return err;
}

/** A model reply as smtp-server's success message (after DATA). */
function mark(w: WireReply): string {
  return MARK + w.lines.map((l) => l.slice(4)).join('\n');
}

const marked = new Map<string, string>();

/** `mark(wireLines(text))`, remembered per text (model replies are a few interned texts). */
export function markedText(text: string): string {
  let m = marked.get(text);
  if (m === undefined) {
    m = mark(wireLines(text));
    if (marked.size < 10_000) marked.set(text, m);
  }
  return m;
}

/** The lines (without code) of a marked message, or undefined for any other text. */
export function unmark(data: unknown): string | string[] | undefined {
  if (typeof data !== 'string' || !data.startsWith(MARK)) return undefined;
  const parts = data.slice(MARK.length).split('\n');
  return parts.length === 1 ? parts[0]! : parts;
}
