/**
 * A ramp (./ramp.ts) as PowerMTA configuration, one config file per stage (docs/mta-behaviours.md
 * section 2): a `domain-macro` per provider and `<domain $p> queue-to "p.queue"` so that the
 * provider's domains share one queue per VMTA (PowerMTA's manual MX rollup); `<domain p.queue>`
 * with the provider's connection limit, retry-after list and an `<smtp-pattern-list>` whose
 * `mode=backoff` entries stand for the pause (backoff at 1/h for the pause, then back to normal);
 * a `<virtual-mta>` per IP with its `smtp-source-host` and, inside, `<domain p.queue>` with the
 * stage's `max-msg-rate` and `max-smtp-out`; a `<virtual-mta-pool>` per pool.
 */
import type { Ramp, RampGroup, RetrySpec } from './ramp.ts';
import { sourceName } from './target.ts';
import { dur, rate, slashRegex, stageName, type Exported } from './export-files.ts';
import { importPowermta } from './powermta-import.ts';

/** A retry-after list doubling from the interval up to the cap (PowerMTA repeats the last). */
function retryList(r: RetrySpec): string {
  const out: number[] = [];
  let d = r.interval;
  let total = 0;
  while (out.length < 8 && total < r.maxAge) {
    out.push(d);
    total += d;
    if (r.max > 0 && d >= r.max) break;
    d = r.max > 0 ? Math.min(r.max, d * 2) : d * 2;
  }
  return out.map(dur).join(',');
}

const queue = (g: RampGroup) => `${g.provider}.queue`;

function domainBlock(g: RampGroup): string[] {
  const lines = [`<domain ${queue(g)}>`];
  if (g.providerConnections !== undefined || g.connections !== undefined)
    lines.push(`  max-smtp-out ${Math.min(g.providerConnections ?? Infinity, g.connections ?? Infinity)}`);
  if (g.perConnection !== undefined) lines.push(`  max-msg-per-connection ${g.perConnection}`);
  if (g.retry !== undefined) lines.push(`  retry-after ${retryList(g.retry)}`, `  bounce-after ${dur(g.retry.maxAge)}`);
  if (g.rules.length > 0) {
    const pause = Math.max(...g.rules.map((r) => r.pause));
    lines.push(
      `  smtp-pattern-list ${g.provider}-pause`,
      '  backoff-max-msg-rate 1/h',
      '  backoff-max-smtp-out 1',
      `  backoff-retry-after ${dur(pause)}`,
      `  backoff-to-normal-after ${dur(pause)}`,
      '  backoff-to-normal-after-delivery no',
    );
  }
  return [...lines, '</domain>'];
}

/** The config of stage k. */
function pmtaStage(r: Ramp, pools: readonly { address: string; pool: string }[], k: number, header: readonly string[]): string {
  const out: string[] = header.map((h) => (h === '' ? '#' : `# ${h}`));
  for (const g of r.groups) {
    if (g.provider === 'm365' || g.provider === 'corporate')
      out.push('', `# ${g.provider}: the simulated recipient domains; list your own`);
    else out.push('');
    out.push(`domain-macro ${g.provider} ${g.domains.join(', ')}`);
  }
  for (const g of r.groups.filter((x) => x.rules.length > 0)) {
    out.push('', `<smtp-pattern-list ${g.provider}-pause>`);
    for (const rule of g.rules) for (const p of rule.on) out.push(`  reply ${slashRegex(p)} mode=backoff`);
    out.push('</smtp-pattern-list>');
  }
  r.ips.forEach((ip, i) => {
    out.push('', `<virtual-mta ${sourceName(i)}>`, `  smtp-source-host ${ip} ${sourceName(i)}.invalid`);
    for (const g of r.groups) {
      const l = r.stages[k]?.limits[ip]?.[g.provider];
      if (l === undefined) continue;
      out.push(`  <domain ${queue(g)}>`);
      if (l.perHour !== undefined) out.push(`    max-msg-rate ${rate(l.perHour, 3600)}`);
      else if (l.perDay !== undefined) out.push(`    max-msg-rate ${rate(l.perDay, 86400)}`);
      if (l.connections !== undefined) out.push(`    max-smtp-out ${l.connections}`);
      out.push('  </domain>');
    }
    out.push('</virtual-mta>');
  });
  for (const pool of [...new Set(pools.map((p) => p.pool))]) {
    out.push('', `<virtual-mta-pool ${pool}>`);
    pools.forEach((p, i) => p.pool === pool && out.push(`  virtual-mta ${sourceName(i)}`));
    out.push('</virtual-mta-pool>');
  }
  out.push(
    '',
    '<domain *>',
    `  max-smtp-out ${r.defaults.connections}`,
    `  retry-after ${retryList(r.defaults.retry)}`,
    `  bounce-after ${dur(r.defaults.retry.maxAge)}`,
    '</domain>',
  );
  for (const g of r.groups) out.push('', `<domain $${g.provider}>`, `  queue-to "${queue(g)}"`, '</domain>', '', ...domainBlock(g));
  return `${out.join('\n')}\n`;
}

export function pmtaFromRamp(r: Ramp, pools: readonly { address: string; pool: string }[], header: readonly string[]): Exported {
  const n = Math.max(1, r.stages.length);
  const files: Record<string, string> = {};
  for (let k = 0; k < n; k++)
    files[k === 0 ? 'config' : stageName(k, n, 'config-stage-', '')] = pmtaStage(r, pools, k, [...header, `Stage ${k} of ${n - 1}.`]);
  // the entry that simulates it: stage 0 read back by the importer (the powermta policy has no stages)
  const back = importPowermta(files['config']!, 'config', { name: 'powermta-export', sources: {} });
  if (!back.ok) throw new Error(`bug: the exported PowerMTA config does not import: ${back.issues[0]!.message}`);
  return { files, entry: back.entry };
}
