/**
 * The seed article's "contact Microsoft" checklist as a ready request (`warmup-sim
 * evidence-pack`): per-IP details (IP, hostname, reverse DNS, sending domain, dedicated or
 * pooled), the volume plan (current daily and hourly Microsoft volume from the logs, planned
 * growth and steady state from the facts), the mail type, proof points (complaint rate, hard
 * bounce rate, authentication, engagement, the deferral history and the exact deferral replies),
 * and JMRP participation. It refuses, with the reasons, unless the article's condition holds for
 * every IP in the facts: "the stream is clean, authentication passes, deferrals continue across
 * multiple days, and the affected IPs are part of a planned warm-up" (the same checks as
 * diagnose's "contact Microsoft" move: no stream signal, no 5.7.515 and SPF, DKIM and DMARC
 * passing, more than 2 % deferred on at least 3 days up to the last day, planned_warmup: true).
 * Policy findings (fast retries, blocks, growth while deferring) do not refuse: they are listed
 * as things to fix before sending.
 */
import { isoTime } from '../logs/time.ts';
import type { Block } from './doc.ts';
import type { LogFacts } from './facts.ts';
import { signalsOf, type Signals } from './signals.ts';
import { diagnose, type Diagnosis } from './diagnose.ts';
import { replySamples } from './log-tables.ts';
import type { SenderFacts } from './sender-facts.ts';

/** Deferrals "continue across multiple days": days over 2 %, the last day among them. */
const DAYS = 3;
const OVER = 0.02;
/** An authentication pass rate below this is "authentication failing". */
const MIN_PASS_RATE = 0.98;

export type Pack =
  | { readonly ok: true; readonly title: string; readonly blocks: readonly Block[] }
  | { readonly ok: false; readonly reasons: readonly string[] };

const pct = (x: number, d = 2) => (x === x ? `${(x * 100).toFixed(d)} %` : 'not measured');
const day = (s: Signals, d: number) => isoTime((s.day0 + d) * 86400).slice(0, 10);
const lastIndex = (xs: readonly number[]) => xs.findLastIndex((x) => x === x);

function deferringDays(s: Signals): number {
  return s.dailyRate.filter((x) => x > OVER).length;
}

function reasonsFor(d: Diagnosis): string[] {
  const s = d.signals;
  const why: string[] = [];
  if (d.verdict === 'too-little-data') why.push(`${s.subject}: too little Microsoft mail in the logs (${s.attempts} attempts)`);
  const stream = d.findings.filter((f) => f.kind === 'stream');
  if (stream.length > 0) why.push(`${s.subject}: the stream is not clean: ${stream.map((f) => f.text).join('; ')}`);
  if (s.auth > 0) why.push(`${s.subject}: authentication fails: ${s.auth} replies 5.7.515 in the logs`);
  const li = lastIndex(s.dailyRate);
  if (deferringDays(s) < DAYS || li < 0 || !(s.dailyRate[li]! > OVER))
    why.push(
      `${s.subject}: deferrals have not continued across ${DAYS} days up to the last day of the logs (${deferringDays(s)} day(s) over 2 %${li >= 0 ? `, last day ${pct(s.dailyRate[li]!, 1)}` : ''})`,
    );
  return why;
}

/** The pack, or the reasons it cannot be made. */
export function evidencePack(f: LogFacts, facts: SenderFacts, hasFeeds: boolean): Pack {
  const all = new Map(signalsOf(f, 'ip', 'microsoft', hasFeeds).map((s) => [s.subject, s]));
  const reasons: string[] = [];
  if (!facts.planned_warmup)
    reasons.push('the IPs are not part of a planned warm-up (planned_warmup: false): the article asks for help with planned warm-ups');
  const a = facts.authentication;
  for (const k of ['spf', 'dkim', 'dmarc'] as const)
    if (a[k] !== 'pass') reasons.push(`authentication fails: ${k.toUpperCase()} is '${a[k]}'`);
  if (a.pass_rate !== undefined && a.pass_rate < MIN_PASS_RATE)
    reasons.push(`authentication fails: pass rate ${pct(a.pass_rate, 1)} is under ${pct(MIN_PASS_RATE, 0)}`);
  const ds: Diagnosis[] = [];
  for (const ip of facts.ips) {
    const s = all.get(ip.ip);
    if (s === undefined) {
      reasons.push(`${ip.ip}: no Microsoft mail from this IP in the logs`);
      continue;
    }
    const d = diagnose(s);
    ds.push(d);
    reasons.push(...reasonsFor(d));
  }
  if (reasons.length > 0) return { ok: false, reasons };
  const title = `Request for proactive warming assistance: ${facts.sender.organisation}, ${facts.ips.length} IP(s)`;
  return { ok: true, title, blocks: packBlocks(f, facts, ds, hasFeeds, title) };
}

function packBlocks(f: LogFacts, facts: SenderFacts, ds: readonly Diagnosis[], hasFeeds: boolean, title: string): Block[] {
  const sig = ds.map((d) => d.signals);
  const s0 = sig[0]!;
  const first = Math.min(...sig.map((s) => s.dailyRate.findIndex((x) => x > OVER)));
  const blocks: Block[] = [
    { h: 1, text: title },
    {
      p: `From ${facts.sender.organisation} (${facts.sender.contact}). We are warming ${facts.ips.length} new IP(s) for ${facts.mail_type} mail as a planned warm-up. Outlook.com has deferred our mail with 451 4.7.650 since ${day(s0, first)}, on ${Math.min(...sig.map(deferringDays))} or more days per IP; deferred mail stays queued and is retried after a median of ${retryMinutes(sig)} minutes. We ask for proactive warming assistance. The figures below are from our MTA logs of ${isoTime(f.firstTime)} to ${isoTime(f.lastTime)}.`,
    },
    { h: 2, text: '1. IP details' },
    {
      header: ['IP', 'hostname', 'reverse DNS', 'sending domain', 'dedicated or pooled', 'Microsoft attempts', 'days deferring > 2 %'],
      table: facts.ips.map((ip, i) => [
        ip.ip,
        ip.hostname,
        ip.rdns,
        ip.domain,
        ip.dedicated ? 'dedicated' : 'pooled',
        String(sig[i]!.attempts),
        String(deferringDays(sig[i]!)),
      ]),
    },
    { h: 2, text: '2. Volume plan' },
    {
      header: [
        'IP',
        'last day',
        'new messages that day',
        'delivered that day',
        'peak delivered per hour',
        'accepted per hour while deferred',
      ],
      table: sig.map((s) => {
        const li = lastIndex(s.dailyRate);
        return [
          s.subject,
          day(s, li),
          String(s.dailyFirsts[li]),
          String(s.dailyDelivered[li]),
          String(s.peakAcceptedPerHour),
          s.acceptedWhenDeferring === s.acceptedWhenDeferring ? String(s.acceptedWhenDeferring) : '-',
        ];
      }),
    },
    {
      list: [
        `Planned growth: ${facts.volume_plan.growth}.`,
        `Expected steady state: ${facts.volume_plan.steady_state_per_day.toLocaleString('en-US')} messages a day to Outlook.com.`,
      ],
    },
    { h: 2, text: '3. Mail type' },
    { p: `${facts.mail_type}: ${facts.mail_description}` },
    { h: 2, text: '4. Proof points' },
    ...proofPoints(f, facts, sig, hasFeeds),
    { h: 2, text: '5. Feedback loops' },
    {
      p: facts.jmrp
        ? `We are enrolled in JMRP for ${facts.ips.map((i) => i.ip).join(', ')} and suppress every complainer.${hasFeeds ? ` The feeds hold ${sig.reduce((n, s) => n + s.complaints, 0)} complaints for these IPs over the period.` : ''}`
        : 'We are not yet enrolled in JMRP; we will enrol these IPs.',
    },
    { h: 2, text: 'Checks made before sending' },
    {
      list: [
        `The stream is clean: no complaint, unknown-user, trap, spam-folder or backoff signal for any IP (warmup-sim diagnose rules).`,
        `Authentication passes: SPF ${facts.authentication.spf}, DKIM ${facts.authentication.dkim}, DMARC ${facts.authentication.dmarc}; no 5.7.515 replies in the logs.`,
        `Deferrals continue: ${sig.map((s) => `${s.subject} on ${deferringDays(s)} days`).join(', ')}, up to the last day of the logs.`,
        'The IPs are part of a planned warm-up.',
      ],
    },
  ];
  const policy = ds.flatMap((d) => d.findings.filter((x) => x.kind === 'policy').map((x) => `${d.signals.subject}: ${x.text}`));
  if (policy.length > 0) blocks.push({ h: 3, text: 'To fix before sending (sending policy)' }, { list: policy });
  return blocks;
}

/** The median retry gap over the IPs, in whole minutes ('-' without retries). */
function retryMinutes(sig: readonly Signals[]): string {
  const g = sig.map((s) => s.retryGapP50).filter((x) => x === x);
  return g.length === 0 ? '-' : String(Math.round(Math.max(...g) / 60));
}

function proofPoints(f: LogFacts, facts: SenderFacts, sig: readonly Signals[], hasFeeds: boolean): Block[] {
  const e = facts.engagement;
  const a = facts.authentication;
  const blocks: Block[] = [
    {
      header: ['IP', 'complaint rate', 'source', 'hard bounce rate (unknown users)', 'SNDS days (green / yellow / red)', 'trap hits'],
      table: sig.map((s) => [
        s.subject,
        pct(hasFeeds ? s.complaintRate : s.snds.complaintRate, 3),
        hasFeeds ? 'complaint feeds' : s.snds.rows > 0 ? 'SNDS' : '-',
        pct(s.allFirsts > 0 ? s.unknownUsers / s.allFirsts : NaN),
        s.snds.rows > 0 ? `${s.snds.rows} (${s.snds.green} / ${s.snds.yellow} / ${s.snds.red})` : '-',
        s.snds.rows > 0 ? String(s.snds.trapHits) : '-',
      ]),
    },
    {
      list: [
        `Authentication: SPF ${a.spf}, DKIM ${a.dkim}, DMARC ${a.dmarc}${a.dmarc_policy ? ` (p=${a.dmarc_policy})` : ''}${a.pass_rate !== undefined ? `; pass rate ${pct(a.pass_rate, 1)}` : ''}.`,
        e === undefined || (e.open_rate === undefined && e.click_rate === undefined)
          ? 'Engagement: not stated.'
          : `Engagement${e.recent_days ? ` (recipients active in the last ${e.recent_days} days)` : ''}: ${[
              e.open_rate !== undefined ? `opens ${pct(e.open_rate, 1)}` : '',
              e.click_rate !== undefined ? `clicks ${pct(e.click_rate, 1)}` : '',
            ]
              .filter(Boolean)
              .join(', ')}.`,
      ],
    },
    { h: 3, text: 'Deferral history (Outlook.com, all these IPs)' },
    {
      header: ['day', 'attempts', 'deferred', 'deferral rate'],
      table: sig[0]!.dailyRate.flatMap((_, d) => {
        const att = sig.reduce((n, s) => n + s.dailyAttempts[d]!, 0);
        const def = sig.reduce((n, s) => n + (s.dailyRate[d]! === s.dailyRate[d]! ? s.dailyRate[d]! * s.dailyAttempts[d]! : 0), 0);
        return att > 0 ? [[day(sig[0]!, d), String(att), String(Math.round(def)), pct(def / att, 1)]] : [];
      }),
    },
    { h: 3, text: 'Deferral samples (exact replies)' },
  ];
  const ips = new Set(sig.map((s) => s.subject));
  const samples = replySamples(f).filter((x) => x.provider === 'microsoft' && x.cls !== 'unknown-user' && ips.has(x.ip));
  for (const x of samples.slice(0, 3 * ips.size))
    blocks.push({ pre: [`${x.text}`, `  ${x.count} times from ${x.ip}, first ${isoTime(x.first)}, last ${isoTime(x.last)}`] });
  return blocks;
}
