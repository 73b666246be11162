/**
 * `warmup-sim classify [REPLY...] [--file FILE...] [--jsonl [--field PATH]] [--json]`: the class of
 * SMTP replies, given as arguments, read from files ('-' is standard input) or piped in, one a line
 * (multi-line `550-` replies and folded lines join their first line), or as JSON lines (a string, or
 * an object holding the reply at `--field`). Each reply is found in the form it takes in logs and
 * bounces (src/smtp/reply-forms.ts); text with no reply in it is "unrecognised". With no reply and
 * no file it reads standard input, unless that is a terminal (it would wait forever): a usage error.
 */
import { readFileSync } from 'node:fs';
import type { CommandModule } from 'yargs';
import { classify, isTemporary } from '../../smtp/classifier.ts';
import { CLASS_INFO } from '../../smtp/classes.ts';
import { parseReplyLine } from '../../smtp/reply.ts';
import { groupReplyLines, readReply, UNRECOGNISED } from '../../smtp/reply-forms.ts';
import { ScenarioError } from '../../scenario/error.ts';
import { UsageError } from '../../run/usage-error.ts';

interface Args {
  replies: string[] | undefined;
  file: string[] | undefined;
  jsonl: boolean;
  field: string;
  json: boolean;
}

interface Input {
  readonly where: string;
  readonly line: number;
  readonly text: string;
}

/** Where an input came from, and its text on one line (for the table). */
const at = (i: Input) => ({ source: i.where, line: i.line, text: i.text.replace(/\s+/g, ' ').trim() });

function classifyOne(i: Input) {
  const reply = readReply(i.text);
  if (reply === undefined)
    return { ...at(i), class: UNRECOGNISED.class, temporary: null, code: null, enhanced: null, reply: null, meaning: UNRECOGNISED.meaning };
  const cls = classify(reply);
  const { code, enhanced } = parseReplyLine(reply);
  return {
    ...at(i),
    class: cls,
    temporary: isTemporary(reply, cls),
    code,
    enhanced: enhanced || null,
    reply,
    meaning: CLASS_INFO[cls].meaning,
  };
}

function readText(file: string): string {
  try {
    return readFileSync(file === '-' ? 0 : file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : (e as Error).message;
    throw new ScenarioError([{ file, line: 1, col: 1, path: '', message: `cannot read the file (${why})` }]);
  }
}

/** The value at a dotted path of a JSON line, which must be a string. */
function fromJson(where: string, line: number, text: string, field: string): string {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    throw new ScenarioError([{ file: where, line, col: 1, path: '', message: `not JSON (${(e as Error).message})` }]);
  }
  if (typeof v === 'string') return v;
  for (const k of field.split('.')) v = v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined;
  if (typeof v !== 'string')
    throw new ScenarioError([{ file: where, line, col: 1, path: field, message: 'expected the reply here as a string (see --field)' }]);
  return v;
}

function inputsOf(where: string, text: string, a: Args): Input[] {
  const lines = text.split(/\r?\n/);
  if (!a.jsonl) return groupReplyLines(lines).map((g) => ({ where, line: g.line, text: g.text }));
  return lines.flatMap((l, i) => (l.trim() === '' ? [] : [{ where, line: i + 1, text: fromJson(where, i + 1, l, a.field) }]));
}

export const classifyCommand: CommandModule<object, Args> = {
  command: 'classify [replies..]',
  describe: "SMTP replies' classes (throttle, block, auth, ...) and whether they are temporary, from arguments, files or stdin",
  builder: (y) =>
    y
      .positional('replies', { type: 'string', array: true, describe: 'reply texts, each in quotes (a log line or DSN line will do)' })
      .option('file', {
        type: 'string',
        array: true,
        describe: "read replies from this file, one a line ('-': standard input; repeatable)",
      })
      .option('jsonl', {
        type: 'boolean',
        default: false,
        describe: 'input lines are JSON: a string, or an object with the reply at --field',
      })
      .option('field', { type: 'string', default: 'text', describe: 'with --jsonl: dotted path of the reply in each object' })
      .option('json', { type: 'boolean', default: false, describe: 'print JSON: one object, or one a line for several replies' })
      .example(
        '$0 classify "451 4.7.650 The mail server [192.0.2.1] has been temporarily rate limited due to IP reputation. (S775)"',
        'throttle, temporary',
      )
      .example('grep status=deferred /var/log/mail.log | $0 classify', "every deferral's class, one a line")
      .example('$0 classify --file bounces.jsonl --jsonl --field diagnostic_code --json', 'JSON lines in, JSON lines out'),
  handler: (a) => {
    const inputs: Input[] = (a.replies ?? []).map((r, i) => ({ where: 'argument', line: i + 1, text: r }));
    for (const f of a.file ?? []) inputs.push(...inputsOf(f === '-' ? 'stdin' : f, readText(f), a));
    if ((a.replies ?? []).length === 0 && a.file === undefined) {
      if (process.stdin.isTTY) throw new UsageError('give a reply, --file FILE, or pipe replies on standard input');
      inputs.push(...inputsOf('stdin', readText('-'), a));
    }
    const results = inputs.map(classifyOne);
    if (a.json) {
      const strip = ({ source: _s, line: _l, text: _t, ...r }: (typeof results)[number]) => r;
      const lines = results.length === 1 && a.replies?.length === 1 ? [strip(results[0]!)] : results;
      process.stdout.write(lines.map((r) => JSON.stringify(r)).join('\n') + (lines.length > 0 ? '\n' : ''));
      return;
    }
    if (results.length === 1 && a.replies?.length === 1) {
      const r = results[0]!;
      const nature = r.temporary === null ? '' : r.temporary ? ' (temporary: retry later)' : ' (permanent: do not retry)';
      process.stdout.write(`${r.class}${nature}: ${r.meaning}\n`);
      return;
    }
    const width = Math.max(0, ...results.map((r) => r.class.length));
    const out = results.map((r) => {
      const nature = r.temporary === null ? '-' : r.temporary ? 'temporary' : 'permanent';
      return `${r.class.padEnd(width)}  ${nature.padEnd(9)}  ${r.reply ?? r.text}`.trimEnd();
    });
    process.stdout.write(out.map((l) => `${l}\n`).join(''));
  },
};
