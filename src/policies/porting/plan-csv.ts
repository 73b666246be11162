/**
 * A plan's schedule as `warmup-sim plan` writes it (plan.csv, issue #22: day, IP, provider, hourly
 * cap, daily cap), read for `export --plan`. Columns by header name (case, spaces and
 * underscores ignored): `day`, `ip`, `provider`, `hourly_cap`, `daily_cap`; a row needs one of the
 * caps (the hourly one is used when both are given).
 */
import type { ConfigIssue } from './issues.ts';
import type { PlanRow } from './ramp-from.ts';

const norm = (h: string) =>
  h
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, '');

export function parsePlanCsv(
  text: string,
  file: string,
  o: { ips: readonly string[]; providers: readonly string[] },
): { ok: true; rows: PlanRow[] } | { ok: false; issue: ConfigIssue } {
  const lines = text.split(/\r?\n/);
  const header = (lines[0] ?? '').split(',').map(norm);
  const col = (name: string) => header.indexOf(name);
  const need = ['day', 'ip', 'provider'].filter((c) => col(c) < 0);
  if (need.length > 0 || (col('hourlycap') < 0 && col('dailycap') < 0))
    return {
      ok: false,
      issue: {
        file,
        line: 1,
        col: 1,
        message: `expected a header with day, ip, provider and hourly_cap or daily_cap (missing: ${[...need, ...(col('hourlycap') < 0 && col('dailycap') < 0 ? ['a cap'] : [])].join(', ')})`,
      },
    };
  const rows: PlanRow[] = [];
  for (let n = 1; n < lines.length; n++) {
    if (lines[n]!.trim() === '') continue;
    const f = lines[n]!.split(',').map((x) => x.trim());
    const bad = (message: string) => ({ ok: false as const, issue: { file, line: n + 1, col: 1, message } });
    const day = Number(f[col('day')]);
    const ip = f[col('ip')]!;
    const provider = f[col('provider')]!;
    const num = (c: string) => (col(c) < 0 || (f[col(c)] ?? '') === '' ? undefined : Number(f[col(c)]));
    const perHour = num('hourlycap');
    const perDay = num('dailycap');
    if (!Number.isInteger(day) || day < 0) return bad(`day "${f[col('day')]}" is not a whole number >= 0`);
    if (!o.ips.includes(ip)) return bad(`IP ${ip} is not an IP of the scenario (IPs: ${o.ips.join(', ')})`);
    if (!o.providers.includes(provider)) return bad(`unknown provider "${provider}" (providers: ${o.providers.join(', ')})`);
    for (const [v, name] of [
      [perHour, 'hourly cap'],
      [perDay, 'daily cap'],
    ] as const)
      if (v !== undefined && !(v > 0)) return bad(`${name} "${v}" is not a number > 0`);
    if (perHour === undefined && perDay === undefined) return bad('no cap: give hourly_cap or daily_cap');
    rows.push({ day, ip, provider, ...(perHour !== undefined ? { perHour } : { perDay: perDay! }) });
  }
  return { ok: true, rows };
}
