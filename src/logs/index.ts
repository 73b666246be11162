/**
 * Real MTA delivery logs in and out (issue #21 sections 1 and 5): readers for KumoMTA JSON
 * logs, PowerMTA accounting CSV, Postfix maillog, ARF complaint feeds, complaint CSV and SNDS
 * exports, all streaming to one normalised record (record.ts) with a summary (summary.ts); and
 * writers that turn a simulated attempt (attempt.ts) into lines of the three MTA formats.
 */
import type { LogInput } from './lines.ts';
import type { LogFormat } from './record.ts';
import type { OnRecord } from './reader.ts';
import type { LogSummary } from './summary.ts';
import { readKumoLog } from './kumomta.ts';
import { readPowerMtaLog, type PowerMtaOptions } from './powermta.ts';
import { readPostfixLog, type PostfixOptions } from './postfix.ts';
import { readArfFeed, readComplaintCsv } from './complaints.ts';

export { LogRecord, LOG_FORMATS, type LogFormat, type SmtpStage } from './record.ts';
export { LogReadError, type LogInput } from './lines.ts';
export { DEFAULT_PROVIDERS, ProviderMap } from './providers.ts';
export { formatSummary, type LogSummary } from './summary.ts';
export type { OnRecord } from './reader.ts';
export { readKumoLog } from './kumomta.ts';
export { readPowerMtaLog, type PowerMtaOptions } from './powermta.ts';
export { readPostfixLog, type PostfixOptions } from './postfix.ts';
export { readArfFeed, readComplaintCsv } from './complaints.ts';
export { readSnds, type SndsRow } from './snds.ts';
export type { Attempt } from './attempt.ts';
export { kumoRecord, kumoReception } from './write-kumomta.ts';
export { pmtaRecord, ACCT_HEADER } from './write-powermta.ts';
export { postfixLines } from './write-postfix.ts';

/** Options of every reader together (each reads the ones it knows). */
export type AnyReadOptions = PowerMtaOptions & PostfixOptions;

/** Reads a log of the given format. */
export function readLog(format: LogFormat, input: LogInput, onRecord: OnRecord, opts: AnyReadOptions = {}): Promise<LogSummary> {
  switch (format) {
    case 'kumomta':
      return readKumoLog(input, onRecord, opts);
    case 'powermta':
      return readPowerMtaLog(input, onRecord, opts);
    case 'postfix':
      return readPostfixLog(input, onRecord, opts);
    case 'arf':
      return readArfFeed(input, onRecord, opts);
    case 'complaint-csv':
      return readComplaintCsv(input, onRecord, opts);
  }
}
export { parseIpMap, readIpMap } from './ip-map.ts';
export { detectFormat } from './detect.ts';
