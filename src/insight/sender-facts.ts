/**
 * The sender facts an evidence pack needs and logs cannot show (the seed article's "contact
 * Microsoft" checklist: IP details, volume plan, mail type, authentication and engagement proof,
 * feedback loops), as a small YAML file:
 *
 * ```yaml
 * sender: { organisation: Example Ltd, contact: postmaster@example.com }
 * planned_warmup: true
 * ips:
 *   - { ip: 192.0.2.20, hostname: mta1.news.example.com, rdns: mta1.news.example.com, domain: news.example.com, dedicated: true }
 * mail_type: newsletter            # transactional | lifecycle | newsletter | security | other
 * mail_description: Weekly product news to customers who opted in at sign-up.
 * volume_plan: { growth: "+25 % a day while deferrals stay under 2 %", steady_state_per_day: 20000 }
 * authentication: { spf: pass, dkim: pass, dmarc: pass, dmarc_policy: quarantine, pass_rate: 0.998 }
 * engagement: { open_rate: 0.31, click_rate: 0.046, recent_days: 90 }
 * jmrp: true
 * ```
 *
 * Validated with zod; every problem is one line `file:line:col path: message` located through
 * the YAML document's node ranges (FactsError). Unknown keys are errors.
 */
import { readFileSync } from 'node:fs';
import { LineCounter, isMap, isScalar, parseDocument } from 'yaml';
import { z } from 'zod';

const result = z.enum(['pass', 'fail', 'none']);

const schema = z.strictObject({
  sender: z.strictObject({ organisation: z.string().min(1), contact: z.string().min(1) }),
  planned_warmup: z.boolean(),
  ips: z
    .array(
      z.strictObject({
        ip: z.string().regex(/^(\d{1,3}(\.\d{1,3}){3}|[0-9a-fA-F:]+)$/, 'expected an IPv4 or IPv6 address'),
        hostname: z.string().min(1),
        rdns: z.string().min(1),
        domain: z.string().min(1),
        dedicated: z.boolean(),
      }),
    )
    .min(1),
  mail_type: z.enum(['transactional', 'lifecycle', 'newsletter', 'security', 'other']),
  mail_description: z.string().min(1),
  volume_plan: z.strictObject({ growth: z.string().min(1), steady_state_per_day: z.number().int().positive() }),
  authentication: z.strictObject({
    spf: result,
    dkim: result,
    dmarc: result,
    dmarc_policy: z.enum(['none', 'quarantine', 'reject']).optional(),
    pass_rate: z.number().min(0).max(1).optional(),
  }),
  engagement: z
    .strictObject({
      open_rate: z.number().min(0).max(1).optional(),
      click_rate: z.number().min(0).max(1).optional(),
      recent_days: z.number().int().positive().optional(),
    })
    .optional(),
  jmrp: z.boolean(),
});

export type SenderFacts = z.infer<typeof schema>;

export class FactsError extends Error {
  override name = 'FactsError';
}

/** Parses and validates facts text; `file` names it in messages. */
export function parseSenderFacts(text: string, file: string): SenderFacts {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, uniqueKeys: true, prettyErrors: false });
  const at = (offset: number) => {
    const p = lc.linePos(offset);
    return `${file}:${p.line}:${p.col}`;
  };
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    throw new FactsError(
      `${at(e.pos[0])} YAML ${e.code === 'DUPLICATE_KEY' ? 'duplicate key' : 'syntax error'}: ${e.message.split('\n')[0]}`,
    );
  }
  const r = schema.safeParse(doc.toJS());
  if (r.success) return r.data;
  const issue = r.error.issues[0]!;
  const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
  let offset = 0;
  for (let k = path.length; k >= 0; k--) {
    const n = doc.getIn(path.slice(0, k), true) as { range?: [number, number, number] } | undefined;
    if (n?.range) {
      offset = n.range[0];
      break;
    }
  }
  if (issue.code === 'unrecognized_keys') {
    // point at the unknown key itself
    const m = doc.getIn(path, true);
    const pair = isMap(m) ? m.items.find((p) => isScalar(p.key) && p.key.value === issue.keys[0]) : undefined;
    const r = pair !== undefined && isScalar(pair.key) ? pair.key.range : undefined;
    if (r) offset = r[0];
  }
  const dotted = path
    .map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`))
    .join('')
    .replace(/^\./, '');
  const message =
    issue.code === 'unrecognized_keys'
      ? `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`
      : issue.message;
  throw new FactsError(`${at(offset)} ${dotted === '' ? '' : `${dotted}: `}${message}`);
}

export function readSenderFacts(path: string): SenderFacts {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new FactsError(`${path}:1:1 cannot read the facts file (${code === 'ENOENT' ? 'no such file' : (code ?? 'error')})`);
  }
  return parseSenderFacts(text, path);
}
