/**
 * The parenthesised reason of a Postfix delivery status line, e.g. `(host mx[192.0.2.9] said:
 * 451 4.7.650 The mail server ... (in reply to MAIL FROM command))`, into the receiver's reply
 * and the SMTP stage. Wordings from Postfix's smtp client (src/smtp/smtp_proto.c, smtp_trouble.c,
 * smtp_connect.c): "host H[A] said: REPLY (in reply to CMD command)", "host H[A] refused to talk
 * to me: REPLY", "connect to H[A]:25: REASON", "lost connection with H[A] while receiving the
 * initial server greeting" / "while sending CMD", "conversation with H[A] timed out while ...",
 * and qmgr's "delivery temporarily suspended: REASON" (a destination marked dead). A sent
 * status carries the reply itself ("250 2.0.0 Ok: queued as ...").
 */
import type { SmtpStage } from './record.ts';
import { stageOf } from './replies.ts';

export interface PostfixReason {
  /** The reply line when there was one, else the reason as logged. */
  text: string;
  /** Whether `text` is the receiver's reply. */
  reply: boolean;
  command: SmtpStage;
}

const SAID = ' said: ';
const IN_REPLY = ' (in reply to ';

/** Parses one reason; never throws. */
export function parseReason(reason: string, out: PostfixReason): void {
  let s = reason;
  if (s.startsWith('delivery temporarily suspended: ')) s = s.slice(32);
  const said = s.indexOf(SAID);
  if (said >= 0) {
    let reply = s.slice(said + SAID.length);
    let command: SmtpStage = '';
    const ir = reply.lastIndexOf(IN_REPLY);
    if (ir >= 0 && reply.endsWith(' command)')) {
      command = stageOf(reply.slice(ir + IN_REPLY.length, -9));
      reply = reply.slice(0, ir);
    } else if (ir >= 0 && reply.endsWith(')')) {
      command = stageOf(reply.slice(ir + IN_REPLY.length, -1));
      reply = reply.slice(0, ir);
    }
    out.text = reply;
    out.reply = true;
    out.command = command;
    return;
  }
  const refused = s.indexOf(' refused to talk to me: ');
  if (refused >= 0) {
    out.text = s.slice(refused + 24);
    out.reply = true;
    out.command = 'greeting';
    return;
  }
  const c0 = s.charCodeAt(0);
  if (c0 >= 50 && c0 <= 53 && isCode(s)) {
    out.text = s;
    out.reply = true;
    out.command = '.';
    return;
  }
  out.text = s;
  out.reply = false;
  if (s.startsWith('connect to ')) out.command = 'connect';
  else if (s.indexOf('initial server greeting') >= 0) out.command = 'greeting';
  else {
    const w = s.indexOf(' while sending ');
    out.command = w >= 0 ? stageOf(s.slice(w + 15)) : '';
  }
}

/** "250 ..." / "451-..." / "250" */
function isCode(s: string): boolean {
  const a = s.charCodeAt(1) - 48,
    b = s.charCodeAt(2) - 48,
    c = s.charCodeAt(3);
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 && (c === 32 || c === 45 || s.length === 3);
}
