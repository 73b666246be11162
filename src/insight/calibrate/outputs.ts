/**
 * What `warmup-sim calibrate` writes: calibration.csv (per IP and hour: the observed attempts,
 * accepted and deferred, the replay's expected accepted and deferral rate, and the inferred
 * T_eff and capacity with their 5-95 % band), fit.json (the fitted parameters with their
 * intervals, the likelihood, what was held fixed), and the Vega-Lite specs of two charts (inferred
 * trust and capacity per IP with the band; observed vs replayed deferral rate per hour).
 */
import type { TopLevelSpec } from 'vega-lite';
import { isoTime } from '../../logs/time.ts';
import type { Fit } from './fit.ts';
import type { Observed } from './observed.ts';
import { FITTED } from './params.ts';

const r4 = (x: number) => (Number.isFinite(x) ? Math.round(x * 1e4) / 1e4 : '');

export function calibrationCsv(o: Observed, f: Fit): string {
  const rows = [
    'ip,hour_start,attempts,accepted,deferred,observed_deferral_rate,replay_accepted,replay_deferral_rate,trust,trust_p5,trust_p95,capacity,capacity_p5,capacity_p95',
  ];
  o.ips.forEach((s, i) => {
    const t = f.filter.trust[i]!,
      c = f.filter.capacity[i]!;
    for (let h = 0; h < o.hours; h++) {
      const a = s.attempts[h]!,
        m = f.filter.expected[i * o.hours + h]!;
      rows.push(
        [
          s.ip,
          isoTime((o.hour0 + h) * 3600),
          a,
          s.accepted[h]!,
          s.deferred[h]!,
          a > 0 ? r4(s.deferred[h]! / a) : '',
          r4(m),
          a > 0 ? r4(Math.max(0, 1 - m / a)) : '',
          r4(t.mean[h]!),
          r4(t.p5[h]!),
          r4(t.p95[h]!),
          r4(c.mean[h]!),
          r4(c.p5[h]!),
          r4(c.p95[h]!),
        ].join(','),
      );
    }
  });
  return `${rows.join('\n')}\n`;
}

export function fitJson(o: Observed, f: Fit, particles: number): object {
  return {
    provider: o.provider,
    span: { from: isoTime(o.hour0 * 3600), hours: o.hours },
    ips: o.ips.map((s) => s.ip),
    estimates: f.estimates.map((e) => ({
      parameter: e.name,
      meaning: FITTED[e.name].doc,
      value: r4(e.value),
      ...(e.identified
        ? { ci95: [r4(e.lo), r4(e.hi)] }
        : { ci95: null, note: 'not identified by these logs (flat likelihood or at the search bound)' }),
    })),
    logLikelihood: r4(f.logLik),
    evaluations: f.evaluations,
    varianceInflation: r4(f.inflation),
    particles,
    engagement: Object.fromEntries(o.domains.map((d, k) => [d, r4(f.filter.engagement[k]!)])),
    heldFixed: 'every other parameter at the Microsoft model default (src/receivers/microsoft-params.ts)',
    atEnd: o.ips.map((s, i) => ({
      ip: s.ip,
      trust: r4(f.filter.end[i]!.tEff),
      capacityPerHour: r4(f.filter.end[i]!.cap),
      volumeHistoryPerHour: r4(f.filter.end[i]!.B),
    })),
  };
}

/** Every third hour, per IP: the inferred value with its band. */
function bandRows(o: Observed, f: Fit, what: 'trust' | 'capacity') {
  const out: object[] = [];
  o.ips.forEach((s, i) => {
    const b = f.filter[what][i]!;
    for (let h = 2; h < o.hours; h += 3)
      out.push({ ip: s.ip, day: (h + 1) / 24, mean: r4(b.mean[h]!), lo: r4(b.p5[h]!), hi: r4(b.p95[h]!) });
  });
  return out;
}

export function calibrationCharts(o: Observed, f: Fit): { id: string; title: string; spec: TopLevelSpec }[] {
  const layer = (values: object[], title: string, log: boolean) => ({
    data: { values },
    width: 720,
    height: 200,
    layer: [
      {
        mark: { type: 'area', opacity: 0.25 },
        encoding: {
          x: { field: 'day', type: 'quantitative' },
          y: { field: 'lo', type: 'quantitative', title, ...(log ? { scale: { type: 'log' } } : { scale: { domain: [0, 1] } }) },
          y2: { field: 'hi' },
          color: { field: 'ip', type: 'nominal' },
        },
      },
      {
        mark: { type: 'line', strokeWidth: 1.3 },
        encoding: {
          x: { field: 'day', type: 'quantitative', title: 'day' },
          y: { field: 'mean', type: 'quantitative' },
          color: { field: 'ip', type: 'nominal', legend: { title: 'IP' } },
        },
      },
    ],
  });
  const replay: object[] = [];
  o.ips.forEach((s, i) => {
    for (let h = 0; h < o.hours; h++) {
      const a = s.attempts[h]!;
      if (a === 0) continue;
      const m = f.filter.expected[i * o.hours + h]!;
      replay.push({ ip: s.ip, day: (h + 0.5) / 24, series: 'observed', rate: r4(s.deferred[h]! / a) });
      replay.push({ ip: s.ip, day: (h + 0.5) / 24, series: 'replay', rate: r4(Math.max(0, 1 - m / a)) });
    }
  });
  return [
    {
      id: 'inferred-state',
      title: 'Inferred Microsoft state per IP',
      spec: {
        $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
        title: {
          text: "Microsoft's view of each IP, inferred from the logs",
          subtitle: 'particle filter mean and 5-95 % band, at the fitted parameters',
        },
        vconcat: [
          layer(bandRows(o, f, 'trust'), 'trust T_eff', false),
          layer(bandRows(o, f, 'capacity'), 'capacity (msgs/hour, log)', true),
        ],
      } as TopLevelSpec,
    },
    {
      id: 'replay',
      title: 'Observed vs replayed deferral rate',
      spec: {
        $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
        title: {
          text: 'Deferral rate per hour: observed and replayed by the fitted model',
          subtitle: 'replay: 1 - expected accepted / attempts',
        },
        data: { values: replay },
        width: 720,
        height: 220,
        mark: { type: 'line', strokeWidth: 1 },
        encoding: {
          x: { field: 'day', type: 'quantitative', title: 'day' },
          y: { field: 'rate', type: 'quantitative', title: 'deferral rate', axis: { format: '%' } },
          color: { field: 'series', type: 'nominal' },
          strokeDash: { field: 'ip', type: 'nominal' },
        },
      } as TopLevelSpec,
    },
  ];
}
