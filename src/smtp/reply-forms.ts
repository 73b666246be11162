/**
 * Finds the SMTP reply in text as it appears in logs and bounces, through a data table of the
 * forms a reply takes (first match wins); text with no 2xx/4xx/5xx reply in it is "unrecognised".
 * Forms and their sources:
 * - the reply itself, `550 5.1.1 ...` (RFC 5321 section 4.2);
 * - a DSN's `Diagnostic-Code: smtp; 550 ...` (RFC 3464 section 2.3.6, diagnostic-type "smtp");
 * - `smtp;550 ...` as PowerMTA's accounting `dsnDiag` field and ESP webhooks carry it, and
 *   PowerMTA's `x-pmta;bounce-queue;reply:550 ...`;
 * - Postfix's delivery status text, `host mx[ip] said: 451 ... (in reply to RCPT TO command)` and
 *   `host mx[ip] refused to talk to me: 554 ...` (Postfix smtp(8) status messages);
 * - Exim's `SMTP error from remote mail server after RCPT TO:<a@b>: 550 ...` (Exim log lines);
 * - sendmail's `stat=Deferred: 451 ...`;
 * - any text with a reply code and an enhanced status code in it (RFC 3463), `... 451 4.7.650 ...`.
 * Multi-line replies (`550-5.7.1 first` ... `550 5.7.1 last`, RFC 5321 section 4.2.1), on separate
 * lines or joined into one as Postfix logs them, become one reply: the code once, then the texts.
 */

interface ReplyForm {
  readonly name: string;
  /** Matches the form; the group `reply` is where the reply starts (it runs to the end of the text). */
  readonly pattern: RegExp;
  readonly source: string;
}

/** A reply code where a reply starts: 2xx, 4xx or 5xx, then a space, a dash or the end. */
const CODE = String.raw`[245]\d\d(?=[ -]|$)`;

const REPLY_FORMS: readonly ReplyForm[] = [
  { name: 'reply', pattern: new RegExp(`^(?<reply>${CODE}.*)$`), source: 'RFC 5321 4.2' },
  { name: 'dsn', pattern: new RegExp(`\\bDiagnostic-Code:\\s*[\\w-]+\\s*;\\s*(?<reply>${CODE}.*)$`, 'i'), source: 'RFC 3464 2.3.6' },
  { name: 'diag-type', pattern: new RegExp(`(?:\\bsmtp\\s*;|;reply:)\\s*(?<reply>${CODE}.*)$`, 'i'), source: 'PowerMTA acct dsnDiag' },
  { name: 'postfix', pattern: new RegExp(`\\b(?:said|refused to talk to me):\\s*(?<reply>${CODE}.*)$`), source: 'Postfix smtp(8)' },
  {
    name: 'exim',
    pattern: new RegExp(`SMTP error from remote (?:mail server|mailer) after .*?:\\s*(?<reply>${CODE}.*)$`, 'i'),
    source: 'Exim main log',
  },
  { name: 'sendmail', pattern: new RegExp(`\\bstat=\\w+:\\s*(?<reply>${CODE}.*)$`), source: 'sendmail maillog' },
  {
    name: 'quoted',
    pattern: new RegExp(`(?:^|[\\s:;("'\\[])(?<reply>[245]\\d\\d[ -][245]\\.\\d{1,3}\\.\\d{1,3}\\b.*)$`),
    source: 'RFC 3463 enhanced codes',
  },
];

/** What `classify` says of text that holds no reply. */
export const UNRECOGNISED = { class: 'unrecognised', meaning: 'not an SMTP reply: no 2xx, 4xx or 5xx reply code found' } as const;

/** Drops closing parentheses the reply does not open (the end of Postfix's `status=... (...)`), and Postfix's `(in reply to ...)`. */
function trimTail(reply: string): string {
  let r = reply;
  for (;;) {
    const open = r.split('(').length - 1;
    const close = r.split(')').length - 1;
    if (r.endsWith(')') && close > open) r = r.slice(0, -1).trimEnd();
    else if (/\s*\(in reply to [^()]*\)$/.test(r)) r = r.replace(/\s*\(in reply to [^()]*\)$/, '');
    else return r;
  }
}

/** `550-5.7.1 a 550-5.7.1 b 550 5.7.1 c` -> `550 5.7.1 a b c`. */
function joinContinuations(reply: string): string {
  if (!/^[245]\d\d-/.test(reply)) return reply;
  const m = /^([245]\d\d)-((?:[245]\.\d{1,3}\.\d{1,3}) )?/.exec(reply)!;
  const [code, enhanced] = [m[1]!, m[2]?.trim()];
  const again = new RegExp(`\\s${code}[ -]${enhanced === undefined ? '' : `(?:${enhanced.replaceAll('.', '\\.')}\\s)?`}`, 'g');
  return `${code} ${reply.slice(4).replace(again, ' ')}`.trimEnd();
}

/** The SMTP reply in `text` (one line, or a multi-line reply or folded header), or undefined when there is none. */
export function readReply(text: string): string | undefined {
  const flat = text.replace(/\s+/g, ' ').trim();
  for (const f of REPLY_FORMS) {
    const reply = f.pattern.exec(flat)?.groups?.['reply'];
    if (reply !== undefined) return joinContinuations(trimTail(reply.trim()));
  }
  return undefined;
}

/**
 * Groups input lines into replies: a line that starts with whitespace continues the one before (a
 * folded DSN header, an indented bounce), `NNN-` lines continue until the `NNN ` line that ends
 * the reply; blank lines separate. Returns each reply's text with the number of its first line.
 */
export function groupReplyLines(lines: readonly string[]): { line: number; text: string }[] {
  const out: { line: number; text: string }[] = [];
  let open: string | undefined; // the code of a multi-line reply still open
  lines.forEach((l, i) => {
    const last = out[out.length - 1];
    if (l.trim() === '') {
      open = undefined;
      return;
    }
    const code = /^([245]\d\d)([ -])/.exec(l);
    const continues = last !== undefined && (/^\s/.test(l) || (open !== undefined && code?.[1] === open));
    if (continues) last.text += `\n${l}`;
    else out.push({ line: i + 1, text: l });
    if (code?.[2] === '-') open = code[1];
    else if (code !== null || !continues) open = undefined;
  });
  return out;
}
