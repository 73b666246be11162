/**
 * The Microsoft SNDS export of a finished run (`warmup-sim run --snds FILE`): the Microsoft
 * receiver's SNDS-like daily report (receiver-model.md 2.7: per IP and day with >= 100 accepted
 * messages, RCPT and DATA counts, filter colour, complaint rate on inbox mail, trap hits,
 * blocked) as the rows of an SNDS data export (src/logs/write-snds.ts), dated from the scenario's
 * start. Sample HELO and MAIL FROM name the first stream's sending domain; a blocked IP-day says
 * so in the comments.
 */
import { sndsRow } from '../logs/write-snds.ts';
import type { ObservedRow } from '../contracts/observations.ts';
import { startEpoch } from './sim-log.ts';

export interface SndsRunView {
  readonly scenario: { readonly startDate: string; readonly duration: number; readonly streams: readonly { readonly domain: string }[] };
  readonly topo: { readonly providers: readonly string[] };
  readonly receivers: readonly { dailyReport?(day: number): readonly ObservedRow[] }[];
}

const FILTER = { green: 'GREEN', yellow: 'YELLOW', red: 'RED' } as const;

/** The export's lines (no header row, as SNDS serves it), oldest day first. */
export function sndsExport(run: SndsRunView): string {
  const ms = run.receivers[run.topo.providers.indexOf('microsoft')];
  if (ms?.dailyReport === undefined) return '';
  const epoch = startEpoch(run.scenario.startDate);
  const domain = run.scenario.streams[0]?.domain ?? 'example.com';
  const out: string[] = [];
  const days = Math.ceil(run.scenario.duration / 86400);
  for (let d = 0; d < days; d++)
    for (const r of ms.dailyReport(d))
      out.push(
        sndsRow({
          ip: r.ip,
          start: epoch + d * 86400,
          rcpt: r.rcpt,
          data: r.data,
          filter: FILTER[r.colour],
          complaintRate: r.complaintRate,
          trapHits: r.trapHits,
          helo: `mta.${domain}`,
          mailFrom: `bounces@${domain}`,
          comments: r.blocked ? 'IP blocked' : '',
        }),
      );
  return out.length === 0 ? '' : `${out.join('\n')}\n`;
}
