/**
 * Log-ingest benchmark: lines per second of each reader in src/logs/ on a 5,000,000-line file of
 * its format written by our writers (in /tmp/warmup-sim-logs, not committed), beside Node's
 * readline merely splitting the same file into lines, and Debian's pflogsumm on the same Postfix
 * maillog, whose sent / deferred / bounced totals must equal ours (its Grand Totals and the sum of
 * its Per-Day table, which stays exact where the totals print as "k" above 524,288).
 *
 *   npx tsx bench/log-ingest.ts [--lines 5000000] [--regen] [--json]
 *
 * Needs pflogsumm (apt-get install -y pflogsumm); without it the comparison is skipped. Target:
 * our Postfix reader >= 10x pflogsumm's lines/s.
 */
import { closeSync, existsSync, mkdirSync, openSync, statSync, writeFileSync, writeSync, createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { spawnSync } from 'node:child_process';
import {
  readKumoLog,
  readPowerMtaLog,
  readPostfixLog,
  kumoRecord,
  kumoReception,
  pmtaRecord,
  postfixLines,
  ACCT_HEADER,
  type LogSummary,
  type LogRecord,
} from '../src/logs/index.ts';
import { forEachAttempt } from './log-corpus.ts';
import { machineInfo } from './machine.ts';

const arg = (name: string) => {
  const i = process.argv.indexOf(name);
  return i < 0 ? undefined : process.argv[i + 1];
};
const LINES = Number(arg('--lines') ?? 5_000_000);
const DIR = '/tmp/warmup-sim-logs';
const FILES = {
  kumomta: `${DIR}/kumomta-${LINES}.jsonl`,
  powermta: `${DIR}/powermta-${LINES}.csv`,
  postfix: `${DIR}/postfix-${LINES}.log`,
};

/** Writes messages' lines until `LINES` lines (a message is never cut). */
function generate(
  path: string,
  linesPerMessage: number,
  linesOf: (each: (line: string) => void) => (a: Parameters<Parameters<typeof forEachAttempt>[1]>[0]) => void,
  header?: string,
): number {
  const fd = openSync(`${path}.tmp`, 'w');
  let buf = '';
  let n = 0;
  const emit = (line: string) => {
    buf += line + '\n';
    n++;
    if (buf.length > 1 << 20) {
      writeSync(fd, buf);
      buf = '';
    }
  };
  if (header !== undefined) emit(header);
  const onAttempt = linesOf(emit);
  let lastMessage = '';
  const stop = new Error('enough');
  try {
    forEachAttempt(Math.ceil(LINES / linesPerMessage), (a) => {
      if (a.messageId !== lastMessage) {
        if (n >= LINES) throw stop;
        lastMessage = a.messageId;
      }
      onAttempt(a);
    });
  } catch (e) {
    if (e !== stop) throw e;
  }
  writeSync(fd, buf);
  closeSync(fd);
  spawnSync('mv', [`${path}.tmp`, path]);
  return n;
}

function ensureFiles(): void {
  mkdirSync(DIR, { recursive: true });
  const regen = process.argv.includes('--regen');
  if (regen || !existsSync(FILES.kumomta))
    generate(FILES.kumomta, 2.5, (emit) => (a) => {
      if (a.attempt === 1 && a.outcome !== 'expired') emit(kumoReception(a));
      emit(kumoRecord(a));
    });
  if (regen || !existsSync(FILES.powermta)) generate(FILES.powermta, 1.5, (emit) => (a) => emit(pmtaRecord(a)), ACCT_HEADER);
  if (regen || !existsSync(FILES.postfix))
    generate(FILES.postfix, 4.4, (emit) => (a) => {
      for (const l of postfixLines(a)) emit(l);
    });
}

interface Tally {
  records: number;
  delivered: number;
  deferred: number;
  bounced: number;
  deferredMessages: number;
}

async function timeReader(
  read: (path: string, on: (r: LogRecord) => void) => Promise<LogSummary>,
  path: string,
): Promise<{ seconds: number; summary: LogSummary; tally: Tally }> {
  let best = Infinity;
  let summary: LogSummary | undefined;
  let tally: Tally = { records: 0, delivered: 0, deferred: 0, bounced: 0, deferredMessages: 0 };
  for (let run = 0; run < 2; run++) {
    const t: Tally = { records: 0, delivered: 0, deferred: 0, bounced: 0, deferredMessages: 0 };
    const deferredIds = new Set<string>();
    const t0 = performance.now();
    summary = await read(path, (r) => {
      t.records++;
      if (r.kind === 'delivered') t.delivered++;
      else if (r.kind === 'deferred') {
        t.deferred++;
        deferredIds.add(r.messageId);
      } else if (r.kind === 'bounced') t.bounced++;
    });
    const s = (performance.now() - t0) / 1000;
    t.deferredMessages = deferredIds.size;
    if (s < best) {
      best = s;
      tally = t;
    }
  }
  return { seconds: best, summary: summary!, tally };
}

async function readlineSeconds(path: string): Promise<number> {
  const t0 = performance.now();
  let n = 0;
  for await (const _ of createInterface({ input: createReadStream(path, { highWaterMark: 1 << 20 }), crlfDelay: Infinity })) n++;
  if (n === 0) throw new Error('empty file');
  return (performance.now() - t0) / 1000;
}

interface Pflogsumm {
  seconds: number;
  delivered: number;
  deferred: number;
  deferrals: number;
  bounced: number;
  perDay: { delivered: number; deferrals: number; bounced: number };
}

function pflogsumm(path: string): Pflogsumm | undefined {
  const which = spawnSync('sh', ['-c', 'command -v pflogsumm']);
  if (which.status !== 0) return undefined;
  const t0 = performance.now();
  const r = spawnSync('pflogsumm', ['--iso-date-time', path], { encoding: 'utf8', maxBuffer: 1 << 26 });
  const seconds = (performance.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`pflogsumm failed: ${r.stderr}`);
  const out = r.stdout;
  const num = (re: RegExp) => {
    const m = re.exec(out);
    if (m === null) return NaN;
    return Number(m[1]) * (m[2] === 'k' ? 1024 : m[2] === 'm' ? 1024 * 1024 : 1);
  };
  const perDay = { delivered: 0, deferrals: 0, bounced: 0 };
  const day = out.indexOf('Per-Day Traffic Summary');
  if (day >= 0) {
    for (const line of out.slice(day).split('\n').slice(4)) {
      // date, received, delivered, deferred, bounced[, rejected]: exact while under 524,288 (no k unit)
      const m = /^\s+\d{4}-\d{2}-\d{2}((?:\s+\d+)+)\s*$/.exec(line);
      if (m === null) break;
      const v = m[1]!.trim().split(/\s+/).map(Number);
      perDay.delivered += v[1]!;
      perDay.deferrals += v[2]!;
      perDay.bounced += v[3]!;
    }
  }
  return {
    seconds,
    delivered: num(/^\s+(\d+)([km ])\s+delivered$/m),
    deferred: num(/^\s+(\d+)([km ])\s+deferred/m),
    deferrals: num(/deferred\s+\((\d+)([km ]?) deferrals\)/m),
    bounced: num(/^\s+(\d+)([km ])\s+bounced$/m),
    perDay,
  };
}

ensureFiles();
const readers = {
  kumomta: (p: string, on: (r: LogRecord) => void) => readKumoLog(p, on),
  powermta: (p: string, on: (r: LogRecord) => void) => readPowerMtaLog(p, on),
  postfix: (p: string, on: (r: LogRecord) => void) => readPostfixLog(p, on, { year: 2026 }),
};
const rows: Record<string, unknown>[] = [];
let postfixTally: Tally | undefined;
let postfixLinesPerSecond = 0;
for (const [format, read] of Object.entries(readers)) {
  const path = FILES[format as keyof typeof FILES];
  const { seconds, summary, tally } = await timeReader(read, path);
  const rl = await readlineSeconds(path);
  const lps = Math.round(summary.lines / seconds);
  if (format === 'postfix') {
    postfixTally = tally;
    postfixLinesPerSecond = lps;
  }
  rows.push({
    format,
    lines: summary.lines,
    megabytes: +(statSync(path).size / 2 ** 20).toFixed(1),
    records: summary.records,
    bad: summary.bad,
    seconds: +seconds.toFixed(2),
    linesPerSecond: lps,
    readlineLinesPerSecond: Math.round(summary.lines / rl),
  });
}
const pf = pflogsumm(FILES.postfix);
const t = postfixTally!;
const comparison =
  pf === undefined
    ? { skipped: 'pflogsumm not installed' }
    : {
        pflogsummSeconds: +pf.seconds.toFixed(2),
        pflogsummLinesPerSecond: Math.round((rows.find((r) => r['format'] === 'postfix')!['lines'] as number) / pf.seconds),
        speedup: +(postfixLinesPerSecond / ((rows.find((r) => r['format'] === 'postfix')!['lines'] as number) / pf.seconds)).toFixed(1),
        ours: { delivered: t.delivered, deferrals: t.deferred, deferredMessages: t.deferredMessages, bounced: t.bounced },
        pflogsumm: {
          grandTotals: { delivered: pf.delivered, deferred: pf.deferred, deferrals: pf.deferrals, bounced: pf.bounced },
          perDaySums: pf.perDay,
        },
        totalsEqual:
          pf.perDay.delivered === t.delivered &&
          pf.perDay.deferrals === t.deferred &&
          pf.perDay.bounced === t.bounced &&
          (pf.deferred >= 524288 || pf.deferred === t.deferredMessages) &&
          (pf.delivered >= 524288 || pf.delivered === t.delivered),
      };
const result = {
  benchmark: 'log-ingest',
  machine: machineInfo(),
  lines: LINES,
  readers: rows,
  pflogsumm: comparison,
  target: { postfixSpeedupOverPflogsumm: 10 },
};
mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
writeFileSync(new URL('./results/log-ingest.json', import.meta.url), JSON.stringify(result, null, 2) + '\n');
if (process.argv.includes('--json')) console.log(JSON.stringify(result, null, 2));
else {
  console.log(`# Log ingest (${result.machine.date}, ${result.machine.cpus}), ${LINES.toLocaleString('en-US')}-line files\n`);
  console.log('| format | MB | records | bad | s | lines/s | readline only, lines/s |\n|---|---|---|---|---|---|---|');
  for (const r of rows)
    console.log(
      `| ${r['format']} | ${r['megabytes']} | ${(r['records'] as number).toLocaleString('en-US')} | ${r['bad']} | ${r['seconds']} | ${(r['linesPerSecond'] as number).toLocaleString('en-US')} | ${(r['readlineLinesPerSecond'] as number).toLocaleString('en-US')} |`,
    );
  console.log(`\npflogsumm: ${JSON.stringify(comparison)}`);
}
if ('totalsEqual' in comparison && !comparison.totalsEqual) process.exitCode = 1;
