/**
 * The log inputs shared by `logs report`, `diagnose`, `evidence-pack` and `calibrate`: any number
 * of MTA logs (format told by `--format` or found from each file's first lines, src/logs/detect.ts),
 * complaint feeds (`--complaints`: a directory of ARF .eml files, or a complaint CSV) and SNDS
 * exports (`--snds`), with the Postfix options of `warmup-sim logs` (year, zone, source IP by
 * syslog name). Everything is read into one LogFacts (src/insight/facts.ts); what each file held
 * (records, bad lines with the first few) is printed to stderr, one line per file.
 */
import { statSync } from 'node:fs';
import type { Argv } from 'yargs';
import { LogReadError, detectFormat, readIpMap, readLog, readSnds, type LogFormat, type LogSummary } from '../logs/index.ts';
import { LogFacts } from '../insight/facts.ts';
import { UsageError } from '../run/usage-error.ts';

export interface LogInputArgs {
  logs: string[];
  format: string;
  complaints: string[] | undefined;
  snds: string[] | undefined;
  year: number | undefined;
  'utc-offset': number | undefined;
  'source-ip': string | undefined;
  'syslog-name': string[] | undefined;
  'syslog-map': string | undefined;
  quiet: boolean;
}

/** The positional LOGS... and the input options. */
export function logInputOptions<T>(y: Argv<T>) {
  return y
    .positional('logs', {
      type: 'string',
      array: true,
      demandOption: true,
      describe: 'MTA log files (plain or .gz)',
    })
    .option('format', {
      type: 'string',
      choices: ['auto', 'kumomta', 'powermta', 'postfix'],
      default: 'auto',
      describe: 'format of the logs (auto: from the first lines of each file)',
    })
    .option('complaints', {
      type: 'string',
      array: true,
      describe: 'complaint feeds: a directory of ARF (JMRP) .eml files, or a complaint CSV',
    })
    .option('snds', { type: 'string', array: true, describe: 'Microsoft SNDS data exports (CSV)' })
    .option('year', { type: 'number', describe: 'postfix: year of the first classic syslog timestamp' })
    .option('utc-offset', { type: 'number', describe: 'postfix/snds: zone of timestamps without one, minutes east of UTC' })
    .option('source-ip', { type: 'string', describe: 'postfix: the source IP of every delivery' })
    .option('syslog-name', { type: 'string', array: true, describe: 'postfix: NAME=IP, the source IP of a syslog name (repeatable)' })
    .option('syslog-map', {
      type: 'string',
      describe: "postfix: a file of 'syslog-name ip' lines (run --log postfix writes FILE.syslog-map)",
    })
    .option('quiet', { type: 'boolean', default: false, describe: 'no per-file summary on stderr' });
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function oneLine(file: string, s: LogSummary): string {
  const kinds = Object.entries(s.byKind)
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${k} ${n}`)
    .join(', ');
  const bad = s.badSamples.slice(0, 3).map((b) => ` [line ${b.line}: ${b.reason}]`);
  return `${file}: ${s.format}, ${s.lines} lines, ${s.records} records (${kinds || 'none'}), ${s.bad} bad${bad.join('')}`;
}

/** Reads every input into one LogFacts; LogReadError and bad options become UsageError (exit 2). */
export async function readLogInputs(a: LogInputArgs): Promise<{ facts: LogFacts; summaries: { file: string; summary: LogSummary }[] }> {
  const facts = new LogFacts();
  const summaries: { file: string; summary: LogSummary }[] = [];
  try {
    const syslogNames: Record<string, string> = a['syslog-map'] === undefined ? {} : readIpMap(a['syslog-map']);
    for (const pair of a['syslog-name'] ?? []) {
      const eq = pair.indexOf('=');
      if (eq <= 0) throw new UsageError(`--syslog-name expects NAME=IP, got '${pair}'`);
      syslogNames[pair.slice(0, eq)] = pair.slice(eq + 1);
    }
    const offset = a['utc-offset'] === undefined ? {} : { utcOffsetMinutes: a['utc-offset'] };
    const opts = {
      ...offset,
      ...(a.year === undefined ? {} : { year: a.year }),
      ...(a['source-ip'] === undefined ? {} : { sourceIp: a['source-ip'] }),
      syslogNames,
    };
    for (const file of a.logs) {
      const format: LogFormat = a.format === 'auto' ? detectFormat(file) : (a.format as LogFormat);
      summaries.push({ file, summary: await readLog(format, file, facts.add, opts) });
    }
    for (const file of a.complaints ?? [])
      summaries.push({ file, summary: await readLog(isDirectory(file) ? 'arf' : 'complaint-csv', file, facts.add, opts) });
    for (const file of a.snds ?? []) summaries.push({ file, summary: await readSnds(file, (r) => facts.snds.push(r), offset) });
  } catch (e) {
    if (e instanceof LogReadError) throw new UsageError(e.message);
    throw e;
  }
  if (!a.quiet) for (const s of summaries) process.stderr.write(`${oneLine(s.file, s.summary)}\n`);
  if (facts.firstTime !== facts.firstTime) throw new UsageError(`no delivery records in ${a.logs.join(', ')}`);
  return { facts, summaries };
}
