/**
 * What a live run shows about itself: per scenario IP, the client addresses standing for it,
 * connections (accepted, refused), attempts, accepted, deferred, blocked, its deferral rate
 * (4xx / attempts) and the seed article's band for that rate (healthy <= 2 %, watch <= 5 %,
 * throttle <= 15 %, pause above). The receivers' hidden trust (T_eff, sampled at the last model
 * hour) appears only when asked for, under a field that says so: a sender never sees it.
 */
import { HIDDEN_FIELDS_NOTE, hiddenTrust } from './hidden.ts';
import { bandOf, formatDuration } from './adapter.ts';
import type { LiveServer } from './server.ts';

export interface IpStatus {
  readonly ip: string;
  readonly clients: readonly string[];
  readonly band: string;
  readonly deferralRate: number;
  readonly connections: number;
  readonly refusedConnections: number;
  readonly attempts: number;
  readonly accepted: number;
  readonly deferred: number;
  readonly blocked: number;
  readonly rejected: number;
  readonly abandoned: number;
}

export interface Status {
  readonly modelTime: number;
  readonly modelTimeText: string;
  readonly wallSeconds: number;
  readonly timeScale: number;
  readonly openConnections: number;
  readonly ips: readonly IpStatus[];
  readonly reactions: { engagements: number; complaints: number; inactive: number; complaintCopies: number };
  /** Only with `hidden: true`: the model's hidden state, which no real sender can observe. */
  readonly hiddenModelState?: { readonly note: string; readonly trustByProvider: Record<string, Record<string, number>> };
}

export function statusOf(s: LiveServer, o: { hidden?: boolean } = {}): Status {
  const m = s.model;
  const now = s.clock.now();
  m.advance(now);
  const clients = new Map<string, string[]>();
  for (const [c, ip] of m.addresses.entries()) clients.set(ip, [...(clients.get(ip) ?? []), c]);
  const ips = m.topo.ips.map((x, i): IpStatus => {
    const t = m.counts.perIp[i]!;
    const rate = t.attempts > 0 ? t.deferred / t.attempts : 0;
    return {
      ip: x.address,
      clients: clients.get(x.address) ?? [],
      band: bandOf(rate),
      deferralRate: rate,
      connections: t.connections,
      refusedConnections: t.refused,
      attempts: t.attempts,
      accepted: t.accepted,
      deferred: t.deferred,
      blocked: t.blocked,
      rejected: t.rejected,
      abandoned: t.abandoned,
    };
  });
  const r = m.reactions;
  const base: Status = {
    modelTime: now,
    modelTimeText: formatDuration(Math.floor(now)),
    wallSeconds: s.clock.wallMs() / 1000,
    timeScale: s.clock.scale,
    openConnections: m.open,
    ips,
    reactions: { engagements: r.engagements, complaints: r.complaints, inactive: r.inactive, complaintCopies: r.copies },
  };
  return o.hidden === true ? { ...base, hiddenModelState: { note: HIDDEN_FIELDS_NOTE, trustByProvider: hiddenTrust(m, now) } } : base;
}

/** The status as a text table (the end-of-run summary). */
export function statusTable(st: Status): string {
  const head = ['ip', 'clients', 'band', 'deferral', 'conns', 'refused', 'attempts', 'accepted', 'deferred', 'blocked'];
  const rows = st.ips.map((x) =>
    [
      x.ip,
      x.clients.join(' ') || '-',
      x.band,
      `${(x.deferralRate * 100).toFixed(1)}%`,
      x.connections,
      x.refusedConnections,
      x.attempts,
      x.accepted,
      x.deferred,
      x.blocked,
    ].map(String),
  );
  const w = head.map((h, k) => Math.max(h.length, ...rows.map((r) => r[k]!.length)));
  const line = (r: string[]) =>
    r
      .map((c, k) => c.padEnd(w[k]!))
      .join('  ')
      .trimEnd();
  return [`model time ${st.modelTimeText} (x${st.timeScale}, ${st.wallSeconds.toFixed(1)} s wall)`, line(head), ...rows.map(line)].join(
    '\n',
  );
}
