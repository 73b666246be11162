/**
 * The receivers' hidden state for the status page's labelled toggle: effective trust T_eff per
 * provider and scenario IP, from each receiver's hourly hidden trace (src/receivers/hidden-trace.ts)
 * at the last completed model hour. For understanding a live run only: no sender sees this.
 */
import type { LiveModel } from './model.ts';

export const HIDDEN_FIELDS_NOTE = 'hidden model state (effective trust T_eff at the last model hour): no real sender can observe this';

export function hiddenTrust(m: LiveModel, now: number): Record<string, Record<string, number>> {
  const hour = Math.floor(now / 3600) - 1;
  const out: Record<string, Record<string, number>> = {};
  m.receivers.forEach((r, p) => {
    const h = r.hidden;
    if (h === undefined || hour < 0 || hour >= h.hours) return;
    const row: Record<string, number> = {};
    m.topo.ips.forEach((x, i) => (row[x.address] = Math.round(h.get(hour, i, 'tEff') * 1000) / 1000));
    out[m.topo.providers[p]!] = row;
  });
  return out;
}
