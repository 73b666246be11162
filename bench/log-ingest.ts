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
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, statSync, writeFileSync, writeSync, createReadStream } from 'node:fs';
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
): Promise<{ seconds: number; cpuSeconds: number; summary: LogSummary; tally: Tally }> {
  let best = Infinity;
  let cpu = 0;
  let summary: LogSummary | undefined;
  let tally: Tally = { records: 0, delivered: 0, deferred: 0, bounced: 0, deferredMessages: 0 };
  for (let run = 0; run < 2; run++) {
    const t: Tally = { records: 0, delivered: 0, deferred: 0, bounced: 0, deferredMessages: 0 };
    const deferredIds = new Set<string>();
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    summary = await read(path, (r) => {
      t.records++;
      if (r.kind === 'delivered') t.delivered++;
      else if (r.kind === 'deferred') {
        t.deferred++;
        deferredIds.add(r.messageId);
      } else if (r.kind === 'bounced') t.bounced++;
    });
    const s = (performance.now() - t0) / 1000;
    const c = process.cpuUsage(c0);
    t.deferredMessages = deferredIds.size;
    if (s < best) {
      best = s;
      cpu = (c.user + c.system) / 1e6;
      tally = t;
    }
  }
  return { seconds: best, cpuSeconds: cpu, summary: summary!, tally };
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
  cpuSeconds: number;
  delivered: number;
  deferred: number;
  deferrals: number;
  bounced: number;
  perDay: { delivered: number; deferrals: number; bounced: number };
}

function pflogsumm(path: string): Pflogsumm | undefined {
  const which = spawnSync('sh', ['-c', 'command -v pflogsumm']);
  if (which.status !== 0) return undefined;
  const report = `${DIR}/pflogsumm.txt`;
  const t0 = performance.now();
  // bash's time builtin gives its CPU time (user + sys): the fair measure on a shared machine
  const r = spawnSync('bash', ['-c', 'TIMEFORMAT="%U %S"; { time pflogsumm --iso-date-time "$1" > "$2"; } 2>&1', 'bash', path, report], {
    encoding: 'utf8',
  });
  const seconds = (performance.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`pflogsumm failed: ${r.stdout}`);
  const [user, sys] = r.stdout.trim().split(/\s+/).slice(-2).map(Number);
  const out = readFileSync(report, 'utf8');
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
    cpuSeconds: user! + sys!,
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
let postfix = { lines: 0, seconds: 0, cpuSeconds: 0 };
for (const [format, read] of Object.entries(readers)) {
  const path = FILES[format as keyof typeof FILES];
  const { seconds, cpuSeconds, summary, tally } = await timeReader(read, path);
  const rl = await readlineSeconds(path);
  const lps = Math.round(summary.lines / seconds);
  if (format === 'postfix') {
    postfixTally = tally;
    postfix = { lines: summary.lines, seconds, cpuSeconds };
  }
  rows.push({
    format,
    lines: summary.lines,
    megabytes: +(statSync(path).size / 2 ** 20).toFixed(1),
    records: summary.records,
    bad: summary.bad,
    seconds: +seconds.toFixed(2),
    cpuSeconds: +cpuSeconds.toFixed(2),
    linesPerSecond: lps,
    linesPerCpuSecond: Math.round(summary.lines / cpuSeconds),
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
        pflogsummCpuSeconds: +pf.cpuSeconds.toFixed(2),
        pflogsummLinesPerSecond: Math.round(postfix.lines / pf.seconds),
        pflogsummLinesPerCpuSecond: Math.round(postfix.lines / pf.cpuSeconds),
        speedupWall: +(pf.seconds / postfix.seconds).toFixed(1),
        speedupCpu: +(pf.cpuSeconds / postfix.cpuSeconds).toFixed(1),
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
  const f = (x: unknown) => (x as number).toLocaleString('en-US');
  console.log(
    '| format | MB | records | bad | wall s | CPU s | lines/s (wall) | lines/CPU s | readline only, lines/s |\n|---|---|---|---|---|---|---|---|---|',
  );
  for (const r of rows)
    console.log(
      `| ${r['format']} | ${r['megabytes']} | ${f(r['records'])} | ${r['bad']} | ${r['seconds']} | ${r['cpuSeconds']} | ${f(r['linesPerSecond'])} | ${f(r['linesPerCpuSecond'])} | ${f(r['readlineLinesPerSecond'])} |`,
    );
  console.log(`\npflogsumm: ${JSON.stringify(comparison)}`);
}
if ('totalsEqual' in comparison && !comparison.totalsEqual) process.exitCode = 1;
