/**
 * The report's tables: outcomes (mean and 5-95 % band over seeds, what each row means, best
 * highlighted where meaningful: best.ts), every provider's deferral and refused rates, every IP
 * and every stream separately (days per band, pooled over seeds: pooled.ts), and the paired
 * comparisons on the same seeds.
 */
import type { Comparison } from '../metrics/comparison.ts';
import type { StreamOutcome } from '../metrics/summary.ts';
import { OUTCOMES, type PairComparison, type PolicyAggregate } from './aggregate.ts';
import { bestIndices } from './best.ts';
import { escapeHtml as e } from './escape.ts';
import { fmtValue as fmt } from './format.ts';
import { bandDaysText, pooledIps, pooledStreams, type PooledRow } from './pooled.ts';

const policyHead = (aggs: readonly PolicyAggregate[], first: string) =>
  `<tr><th>${first}</th>${aggs.map((a) => `<th>${e(a.policy)}${a.blocked ? ' <span class="chip b-blocked">blocked</span>' : ''}</th>`).join('')}</tr>`;

export function outcomesTable(c: Comparison, aggs: readonly PolicyAggregate[]): string {
  const eligible = aggs.map((a) => !a.blocked);
  const body = OUTCOMES.map((o) => {
    const means = aggs.map((a) => a.outcomes[o.key]!.mean);
    if (means.every((m) => Number.isNaN(m))) return '';
    const best = new Set(bestIndices(means, o.higherIsBetter, eligible, (x) => fmt(x, o.unit)));
    const cells = aggs.map((a, i) => {
      const b = a.outcomes[o.key]!;
      const band =
        c.seeds.length > 1 && !Number.isNaN(b.mean) ? `<br><span class="band">[${fmt(b.p5, o.unit)} – ${fmt(b.p95, o.unit)}]</span>` : '';
      return `<td${best.has(i) ? ' class="best"' : ''}>${fmt(b.mean, o.unit)}${band}</td>`;
    });
    return `<tr><td>${e(o.label)} ${o.higherIsBetter ? '↑' : '↓'}<br><span class="doc">${e(o.doc)}</span></td>${cells.join('')}</tr>`;
  })
    .filter((r) => r !== '')
    .join('\n');
  return `<table><thead>${policyHead(aggs, 'outcome')}</thead><tbody>\n${body}\n</tbody></table>`;
}

export function providersTable(aggs: readonly PolicyAggregate[]): string {
  const names = [...new Set(aggs.flatMap((a) => Object.keys(a.providers)))];
  const rows = names.map((name) => {
    const cells = aggs.map((a) => {
      const p = a.providers[name];
      if (p === undefined) return '<td>–</td>';
      return `<td>${fmt(p.deferralRate, '%')} / ${fmt(p.refusedRate, '%')}<br><span class="chip b-${p.band}">${p.band}</span> <span class="band">${fmt(p.attempts, '')} attempts</span></td>`;
    });
    return `<tr><td>${e(name)}</td>${cells.join('')}</tr>`;
  });
  return `<table><thead>${policyHead(aggs, 'provider')}</thead><tbody>\n${rows.join('\n')}\n</tbody></table>`;
}

function pooledTable(c: Comparison, aggs: readonly PolicyAggregate[], pick: (i: number) => PooledRow[], first: string): string {
  const per = aggs.map((_, i) => new Map(pick(i).map((r) => [r.key, r])));
  const keys = [...new Set(per.flatMap((m) => [...m.keys()]))];
  const rows = keys.map((k) => {
    const cells = per.map((m) => {
      const r = m.get(k);
      if (r === undefined) return '<td>–</td>';
      const o = r.outcome;
      return `<td>${e(bandDaysText(r.bands))}<br><span class="band">deferred ${fmt(o.deferralRate, '%')}, refused ${fmt(o.refusedRate, '%')}, ${fmt(o.attempts / c.seeds.length, '')} attempts</span></td>`;
    });
    return `<tr><td>${e(k)}</td>${cells.join('')}</tr>`;
  });
  return `<table><thead>${policyHead(aggs, first)}</thead><tbody>\n${rows.join('\n')}\n</tbody></table>`;
}

export function ipsTable(c: Comparison, aggs: readonly PolicyAggregate[]): string {
  return pooledTable(c, aggs, (i) => pooledIps(c.runs[i]!.map((r) => r.series)), 'IP @ provider');
}

function streamCell(ss: readonly StreamOutcome[]): string {
  const mean = (f: (s: StreamOutcome) => number) => ss.reduce((a, s) => a + f(s), 0) / ss.length;
  const p95 = fmt(
    mean((s) => s.latency.p95),
    's',
  );
  const in1h = fmt(
      mean((s) => s.latency.within1h),
      '%',
    ),
    in24h = fmt(
      mean((s) => s.latency.within24h),
      '%',
    );
  const refused = fmt(
      mean((s) => s.refusedRate),
      '%',
    ),
    never = fmt(
      mean((s) => s.latency.neverDelivered),
      '',
    );
  return `<td>p95 ${p95}; within 1 h ${in1h}, 24 h ${in24h}<br><span class="band">refused ${refused}; never delivered ${never}</span></td>`;
}

export function streamsTable(c: Comparison, aggs: readonly PolicyAggregate[]): string {
  const first = c.runs[0]?.[0]?.summary.streams ?? [];
  if (first.length === 0 && c.runs.every((rs) => rs.every((r) => r.series.perStreamIp.length === 0)))
    return '<p class="muted">No per-stream data (a log report: logs do not say which stream a message belonged to; see every IP above).</p>';
  const rows = first.map((st) => {
    const cells = c.runs.map((runs) => streamCell(runs.map((r) => r.summary.streams.find((s) => s.stream === st.stream)!)));
    return `<tr><td>${e(st.stream)} (${st.kind})</td>${cells.join('')}</tr>`;
  });
  return `<table><thead>${policyHead(aggs, 'stream')}</thead><tbody>\n${rows.join('\n')}\n</tbody></table>
<p class="muted">Each stream on each IP it used (all providers), days per band:</p>
${pooledTable(c, aggs, (i) => pooledStreams(c.runs[i]!.map((r) => r.series)), 'stream / IP')}`;
}

export function pairsTable(pairs: readonly PairComparison[]): string {
  const rows = pairs
    .filter((p) => ['delivered', 'daysToTarget', 'blockedIpDays', 'msRefused', 'bulkP95', 'expired'].includes(p.outcome))
    .map(
      (p) =>
        `<tr><td>${e(p.a)} vs ${e(p.b)}</td><td>${e(OUTCOMES.find((o) => o.key === p.outcome)!.label)}</td><td>${p.wins}</td><td>${p.losses}</td><td>${p.ties}</td><td>${p.p < 0.001 ? '&lt; 0.001' : p.p.toFixed(3)}</td></tr>`,
    )
    .join('\n');
  return `<table><thead><tr><th>pair</th><th>outcome</th><th>wins</th><th>losses</th><th>ties</th><th>p</th></tr></thead><tbody>\n${rows}\n</tbody></table>`;
}
