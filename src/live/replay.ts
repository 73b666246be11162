/**
 * Offline replay of a live transcript: fresh receivers (the scenario text, address map and script
 * recorded in the transcript's start record) are fed the recorded decisions at their recorded
 * model times. Live mode's model is deterministic given its inputs, so the replay gives the same
 * reply to every decision (a mismatch means the transcript or the model changed) and the counts a
 * report needs: per scenario IP x provider x model hour, attempts, accepted, deferred, blocked.
 * `warmup-sim report --from-transcript FILE` replays it before drawing the report (src/cli/commands/report.ts).
 */
import { readFileSync } from 'node:fs';
import { loadScenarioText } from './adapter.ts';
import type { CountRow, IpTotals } from './counts.ts';
import { LiveModel, type Decision } from './model.ts';
import { TRANSCRIPT_VERSION, type EventRecord, type StartRecord, type TranscriptRecord } from './transcript.ts';

export interface Mismatch {
  /** 1-based line of the transcript (or index + 1 of the record array). */
  readonly line: number;
  readonly ev: string;
  readonly recorded: string | undefined;
  readonly replayed: string | undefined;
}

export interface Replay {
  readonly start: StartRecord;
  readonly decisions: number;
  readonly mismatches: readonly Mismatch[];
  readonly counts: readonly CountRow[];
  readonly perIp: readonly (IpTotals & { ip: string })[];
  readonly model: LiveModel;
}

class TranscriptError extends Error {}

/** Parses a JSONL transcript; a bad line is a one-line error `file:line: ...`. */
export function readTranscript(file: string): TranscriptRecord[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new TranscriptError(`${file}:1: cannot read the transcript (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  return text.split('\n').flatMap((line, i): TranscriptRecord[] => {
    if (line.trim() === '') return [];
    let r: unknown;
    try {
      r = JSON.parse(line);
    } catch {
      throw new TranscriptError(`${file}:${i + 1}: not a JSON record`);
    }
    if (typeof r !== 'object' || r === null || typeof (r as { ev?: unknown }).ev !== 'string')
      throw new TranscriptError(`${file}:${i + 1}: not a transcript record (a JSON object with an "ev" field)`);
    return [r as TranscriptRecord];
  });
}

export function replayFile(file: string): Replay {
  return replayRecords(readTranscript(file), file);
}

export function replayRecords(records: readonly TranscriptRecord[], file = 'transcript'): Replay {
  const start = records[0];
  if (start === undefined || start.ev !== 'start') throw new TranscriptError(`${file}:1: expected a start record`);
  if (start.version !== TRANSCRIPT_VERSION)
    throw new TranscriptError(`${file}:1: transcript version ${start.version}, expected ${TRANSCRIPT_VERSION}`);
  const scenario = loadScenarioText(start.scenarioText, start.scenarioFile || file).scenario;
  const model = new LiveModel({
    scenario,
    map: start.map,
    script: start.script,
    ...(start.modelDuration !== undefined ? { modelDuration: start.modelDuration } : {}),
  });
  const mismatches: Mismatch[] = [];
  let decisions = 0;
  records.forEach((r, i) => {
    if (r.ev === 'start' || r.ev === 'cmd' || r.ev === 'reply') return;
    if (r.ev === 'connect' && model.providerId(r.provider ?? 'microsoft') < 0)
      throw new TranscriptError(
        `${file}:${i + 1}: unknown provider "${String(r.provider)}" (the scenario's: ${model.topo.providers.join(', ')})`,
      );
    const d = apply(model, r);
    if (d === undefined) return;
    decisions++;
    if (d.reply !== r.reply) mismatches.push({ line: i + 1, ev: r.ev, recorded: r.reply, replayed: d.reply });
  });
  return {
    start,
    decisions,
    mismatches,
    counts: model.counts.table(),
    model,
    perIp: model.counts.perIp.map((t, i) => ({ ip: model.topo.ips[i]!.address, ...t })),
  };
}

function apply(m: LiveModel, r: EventRecord): Decision | undefined {
  const arg = r.arg ?? '';
  switch (r.ev) {
    case 'connect':
      return m.connect(r.c, arg, m.providerId(r.provider ?? 'microsoft'), r.m);
    case 'mail':
      return m.mailFrom(r.c, arg, r.m);
    case 'rcpt':
      return m.rcptTo(r.c, arg, r.m);
    case 'data':
      return m.dataEnd(r.c, r.arg, r.m);
    case 'reset':
      m.reset(r.c, r.m);
      return undefined;
    case 'close':
      m.close(r.c, r.m);
      return undefined;
    default:
      return undefined;
  }
}
