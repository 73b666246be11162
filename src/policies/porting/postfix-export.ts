/**
 * A ramp (./ramp.ts) as Postfix configuration (postconf(5), master(5), transport(5)), one main.cf
 * per stage plus master.cf. Per IP a transport `ip-N` bound to it (`-o smtp_bind_address`), picked
 * at random per message (`sender_dependent_default_transport_maps = randmap:{...}`). A provider
 * with per-IP caps gets a transport per IP (`microsoft-ip-1`, ...), and transport_maps sends its
 * domains to one of them at random with one next hop (`pipemap:{inline:{...}, randmap:{...}}`,
 * Postfix 3.x), so that all its domains are one destination whose `_destination_rate_delay`
 * (3600 / the hourly cap) and concurrency limit are the IP's cap. Backoff timers from the retry
 * schedule. Postfix has no reply-driven slow-down: the pause rules cannot be expressed (README).
 */
import type { Ramp, RampGroup } from './ramp.ts';
import { sourceName } from './target.ts';
import { stageName, type Exported } from './export-files.ts';
import { importPostfix } from './postfix-import.ts';

/** A Postfix time: one unit (Postfix reads "5m" or "300s", not "1h6m40s"). */
export const pfTime = (s: number) =>
  s === 0 ? '0s' : s % 86400 === 0 ? `${s / 86400}d` : s % 3600 === 0 ? `${s / 3600}h` : s % 60 === 0 ? `${s / 60}m` : `${Math.round(s)}s`;

const capped = (r: Ramp) => r.groups.filter((g) => r.stages.some((s) => Object.values(s.limits).some((l) => l[g.provider] !== undefined)));
const tname = (g: RampGroup, i: number) => `${g.provider}-${sourceName(i)}`;

function postfixMain(r: Ramp, k: number, header: readonly string[]): string {
  const d = r.defaults;
  const out = header.map((h) => (h === '' ? '#' : `# ${h}`));
  out.push(
    '',
    `default_destination_concurrency_limit = ${d.connections}`,
    `initial_destination_concurrency = ${Math.min(5, d.connections)}`,
    `minimal_backoff_time = ${pfTime(d.retry.interval)}`,
    `maximal_backoff_time = ${pfTime(d.retry.max > 0 ? d.retry.max : 4000)}`,
    `queue_run_delay = ${pfTime(Math.min(300, d.retry.interval))}`,
    `maximal_queue_lifetime = ${pfTime(d.retry.maxAge)}`,
    `sender_dependent_default_transport_maps = randmap:{${r.ips.map((_, i) => `${sourceName(i)}:`).join(', ')}}`,
  );
  const groups = capped(r);
  if (groups.length > 0) {
    const maps = groups.map((g) => {
      const hop = g.domains[0]!;
      const who = r.ips.flatMap((ip, i) =>
        r.stages.some((s) => s.limits[ip]?.[g.provider] !== undefined) ? [`${tname(g, i)}:${hop}`] : [],
      );
      return `pipemap:{inline:{${g.domains.map((x) => `${x}=${g.provider}`).join(', ')}}, randmap:{${who.join(', ')}}}`;
    });
    out.push(`transport_maps = ${maps.join(',\n    ')}`);
  }
  for (const g of groups)
    r.ips.forEach((ip, i) => {
      const l = r.stages[k]?.limits[ip]?.[g.provider];
      const per = l?.perHour !== undefined ? 3600 / l.perHour : l?.perDay !== undefined ? 86400 / l.perDay : undefined;
      if (per !== undefined) out.push(`${tname(g, i)}_destination_rate_delay = ${Math.max(1, Math.round(per))}s`);
      const c = l?.connections ?? g.providerConnections ?? g.connections;
      if (c !== undefined && per === undefined) out.push(`${tname(g, i)}_destination_concurrency_limit = ${c}`);
    });
  return `${out.join('\n')}\n`;
}

function postfixMaster(r: Ramp, header: readonly string[]): string {
  const out = header.map((h) => (h === '' ? '#' : `# ${h}`));
  const svc = (name: string, ip: string) =>
    out.push(`${name.padEnd(20)} unix  -       -       n       -       -       smtp`, `  -o smtp_bind_address=${ip}`);
  out.push('', 'smtp                 unix  -       -       n       -       -       smtp');
  r.ips.forEach((ip, i) => svc(sourceName(i), ip));
  for (const g of capped(r)) r.ips.forEach((ip, i) => svc(tname(g, i), ip));
  return `${out.join('\n')}\n`;
}

export function postfixFromRamp(r: Ramp, header: readonly string[]): Exported {
  const n = Math.max(1, r.stages.length);
  const files: Record<string, string> = { 'master.cf': postfixMaster(r, header) };
  for (let k = 0; k < n; k++)
    files[k === 0 ? 'main.cf' : stageName(k, n, 'main.cf-stage-', '')] = postfixMain(r, k, [...header, `Stage ${k} of ${n - 1}.`]);
  const back = importPostfix(
    { main: { file: 'main.cf', text: files['main.cf']! }, master: { file: 'master.cf', text: files['master.cf']! } },
    { name: 'postfix-export', sources: {} },
  );
  if (!back.ok) throw new Error(`bug: the exported Postfix config does not import: ${back.issues[0]!.message}`);
  return { files, entry: back.entry };
}
