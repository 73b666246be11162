/**
 * A scenario that starts from where the IPs stand at the end of the logs (`prewarm` generalised
 * to "this IP's state as of the log's end"), so `warmup-sim compare` can answer "from here, which
 * policy for the next 14 days?". Each IP and domain gets the prewarm history (src/receivers/
 * prewarm.ts) that leaves the filter's end state: per_hour = its volume history B (the history
 * a prewarm presets), days such that the decayed delivered count n matches
 * (n = 24·per_hour·(1 - e^(-l·days))/l, l = ln 2 / half-life), and the engagement that gives its
 * trust T_ip with a neutral prior: e = (T(k0 + wInact·n) - k0·pi0) / (n(wEng(1 - T) + T·wInact)).
 * The fitted parameters go under receivers.microsoft.params. The audience and the stream are
 * placeholders drawn from the logs (provider shares, the last day's new mail per domain) for the
 * user to edit.
 */
import { stringify } from 'yaml';
import { isoTime } from '../../logs/time.ts';
import type { Fit } from './fit.ts';
import type { Observed } from './observed.ts';

function prewarmOf(n: number, P: number, N: number, B: number, k0: number, p: Fit['params']) {
  const l = Math.LN2 / p.halfLife;
  const perHour = Math.max(1, B);
  const x = (n * l) / (24 * perHour);
  const days = x >= 0.999 ? 365 : Math.max(0.1, -Math.log(1 - x) / l);
  const T = (k0 * p.pi0 + P) / (k0 + P + N);
  const e = n > 0 ? (T * (k0 + p.wInact * n) - k0 * p.pi0) / (n * (p.wEng * (1 - T) + T * p.wInact)) : 0.35;
  const round = (v: number, d: number) => Math.round(v * 10 ** d) / 10 ** d;
  return { days: round(days, 1), per_hour: round(perHour, 1), engagement: round(Math.min(1, Math.max(0, e)), 3), idle_days: 0 };
}

export interface ScenarioPlan {
  /** Provider shares of the logs' recipients (attempts). */
  readonly providers: Readonly<Record<string, number>>;
  /** New messages on the last day, per sending domain. */
  readonly perDay: Readonly<Record<string, number>>;
  readonly days: number;
}

export function prewarmScenario(o: Observed, f: Fit, plan: ScenarioPlan): string {
  const p = f.params;
  const endDay = Math.floor((o.hour0 + o.hours) / 24);
  const ids = f.estimates.filter((e) => e.identified && e.name !== 'kappa');
  const doc = {
    name: 'from-logs',
    description: `Starts from the Microsoft state inferred from the logs up to ${isoTime(endDay * 86400).slice(0, 10)} (warmup-sim calibrate).`,
    seed: 1,
    duration: `${plan.days}d`,
    start: isoTime(endDay * 86400).slice(0, 10),
    ips: o.ips.map((s, i) => {
      const e = f.filter.end[i]!;
      return { address: s.ip, pool: `pool-${s.domain}`, prewarm: prewarmOf(e.n, e.P, e.N, e.B, p.k0, p) };
    }),
    domains: o.domains.map((d, k) => {
      const e = f.filter.endDomain[k]!;
      return { name: d, spf: true, dkim: true, dmarc: true, aligned: true, prewarm: prewarmOf(e.n, e.P, e.N, e.B, p.k0Dom, p) };
    }),
    audience: { size: 100000, providers: plan.providers, segments: [{ name: 'list', preset: 'engaged', share: 1 }] },
    streams: o.domains.map((d) => ({
      name: `stream-${d}`,
      kind: 'bulk',
      domain: d,
      pool: `pool-${d}`,
      per_day: [Math.max(1, Math.round(plan.perDay[d] ?? 1000))],
      send_at: '08:00',
      spread: '10h',
    })),
    ...(ids.length > 0
      ? { receivers: { microsoft: { params: Object.fromEntries(ids.map((e) => [e.name, Math.round(e.value * 1000) / 1000])) } } }
      : {}),
    policies: [
      { name: 'seed-playbook', use: 'seed-playbook' },
      { name: 'kumomta', use: 'kumomta' },
      { name: 'postfix', use: 'postfix' },
    ],
  };
  return `# Written by warmup-sim calibrate. The IPs and domains start from the state inferred from the logs;
# the audience (size, segments) and the stream's daily volume are placeholders: set them to yours,
# then: warmup-sim compare THIS-FILE --seeds 10
${stringify(doc, { lineWidth: 0 })}`;
}
