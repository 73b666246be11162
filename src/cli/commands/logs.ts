/**
 * `warmup-sim logs <format> <file>`: read a real MTA delivery log (KumoMTA JSON, PowerMTA
 * accounting CSV, Postfix maillog, ARF complaints, complaint CSV, SNDS export; plain or .gz, '-'
 * for standard input) and print what it holds: records by kind, time span, source IPs, providers,
 * bad lines with the first few shown. `--records FILE` also writes the normalised records as JSON
 * lines (to a temporary file, then renamed). An unreadable input is exit 2 with one line.
 * `warmup-sim logs report ...` is its sibling (logs-report.ts).
 */
import { closeSync, openSync, renameSync, writeSync, unlinkSync } from 'node:fs';
import type { CommandModule } from 'yargs';
import {
  LOG_FORMATS,
  LogReadError,
  formatSummary,
  readIpMap,
  readLog,
  readSnds,
  type LogFormat,
  type LogSummary,
} from '../../logs/index.ts';
import { UsageError } from '../../run/usage-error.ts';
import { integerFlag } from '../options.ts';
import { checkOutFile } from '../out-path.ts';
import { logsReportCommand } from './logs-report.ts';

interface Args {
  format: string;
  file: string;
  year: number | undefined;
  'utc-offset': number | undefined;
  'source-ip': string | undefined;
  'syslog-name': string[] | undefined;
  'syslog-map': string | undefined;
  records: string | undefined;
  json: boolean;
}

const FORMATS = [...LOG_FORMATS, 'snds'] as const;

const logsSummaryCommand: CommandModule<object, Args> = {
  command: '$0 <format> <file>',
  describe: 'read a real MTA delivery log and summarise it (formats: kumomta, powermta, postfix, arf, complaint-csv, snds)',
  builder: (y) =>
    y
      .positional('format', { type: 'string', choices: FORMATS, demandOption: true })
      .positional('file', {
        type: 'string',
        demandOption: true,
        describe: "log file (plain or .gz), a directory of .eml for arf, '-' for stdin",
      })
      .option('year', integerFlag('year', { describe: 'postfix: year of the first classic syslog timestamp', min: 1970, max: 9999 }))
      .option(
        'utc-offset',
        integerFlag('utc-offset', { describe: 'postfix/snds: zone of timestamps without one, minutes east of UTC', min: -720, max: 840 }),
      )
      .option('source-ip', { type: 'string', describe: 'postfix: the source IP of every delivery' })
      .option('syslog-name', { type: 'string', array: true, describe: 'postfix: NAME=IP, the source IP of a syslog name (repeatable)' })
      .option('syslog-map', { type: 'string', describe: "postfix: a file of 'syslog-name ip' lines or a JSON object" })
      .option('records', { type: 'string', describe: 'also write the normalised records to this file, one JSON object a line' })
      .option('json', { type: 'boolean', default: false, describe: 'print the summary as JSON' })
      .example(
        '$0 logs postfix /var/log/mail.log.1.gz --year 2026 --syslog-name postfix-ip2=192.0.2.2',
        'what the maillog says, per IP and provider',
      ),
  handler: async (a) => {
    let summary: LogSummary;
    let out: { fd: number; path: string } | undefined;
    try {
      const syslogNames: Record<string, string> = a['syslog-map'] === undefined ? {} : readIpMap(a['syslog-map']);
      for (const pair of a['syslog-name'] ?? []) {
        const eq = pair.indexOf('=');
        if (eq <= 0) throw new UsageError(`--syslog-name expects NAME=IP, got '${pair}'`);
        syslogNames[pair.slice(0, eq)] = pair.slice(eq + 1);
      }
      if (a.records !== undefined) checkOutFile('--records', a.records);
      if (a.records !== undefined) out = { fd: openSync(`${a.records}.tmp`, 'w'), path: a.records };
      let buf = '';
      const write = (o: unknown) => {
        if (out === undefined) return;
        buf += JSON.stringify(o) + '\n';
        if (buf.length > 1 << 20) {
          writeSync(out.fd, buf);
          buf = '';
        }
      };
      const offset = a['utc-offset'] === undefined ? {} : { utcOffsetMinutes: a['utc-offset'] };
      if (a.format === 'snds') summary = await readSnds(a.file, write, offset);
      else
        summary = await readLog(a.format as LogFormat, a.file, write, {
          ...offset,
          ...(a.year === undefined ? {} : { year: a.year }),
          ...(a['source-ip'] === undefined ? {} : { sourceIp: a['source-ip'] }),
          syslogNames,
        });
      if (out !== undefined) {
        writeSync(out.fd, buf);
        closeSync(out.fd);
        renameSync(`${out.path}.tmp`, out.path);
        out = undefined;
      }
    } catch (e) {
      if (out !== undefined) {
        closeSync(out.fd);
        unlinkSync(`${out.path}.tmp`);
      }
      if (e instanceof LogReadError) throw new UsageError(e.message);
      throw e;
    }
    process.stdout.write(a.json ? JSON.stringify(summary, null, 2) + '\n' : formatSummary(summary) + '\n');
  },
};

/** `warmup-sim logs report LOGS... --out DIR` and (the default) `warmup-sim logs FORMAT FILE`. */
export const logsCommand: CommandModule<object, object> & { subcommands: readonly CommandModule<never, never>[] } = {
  command: 'logs',
  describe: 'read real MTA delivery logs: summarise one (logs FORMAT FILE) or report on several (logs report LOGS... --out DIR)',
  builder: (y) => y.command(logsReportCommand).command(logsSummaryCommand),
  handler: () => {},
  subcommands: [logsReportCommand, logsSummaryCommand] as unknown as readonly CommandModule<never, never>[],
};
