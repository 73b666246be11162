/**
 * The parts of Microsoft's hidden state that follow from what the logs show alone, given the
 * parameters: each IP's and domain's volume history B per hour (src/receivers/volume-history.ts:
 * a day's accepted messages per active hour replace the history when higher, else it fades by
 * e^(-24/tauB) a day; it starts at F0/kNew for an IP, fDom/kNew for a domain), and the decayed
 * delivered counts n of IPs, domains and /24s (14-day half-life, src/receivers/evidence-store.ts).
 * No particle needs its own copy of these.
 */
import type { Observed } from './observed.ts';

export interface History {
  /** [ip * hours + h]: B at hour h (the level of that day). */
  readonly B: Float64Array;
  /** [domain * hours + h] */
  readonly Bdom: Float64Array;
  /** [ip * hours + h]: n at the start of hour h; likewise per domain and /24. */
  readonly n: Float64Array;
  readonly nDom: Float64Array;
  readonly nNet: Float64Array;
}

function volumeHistory(acc: (h: number) => number, att: (h: number) => number, hours: number, initial: number, tauB: number): Float64Array {
  const out = new Float64Array(hours);
  const fade = Math.exp(-24 / tauB);
  let level = initial;
  for (let d = 0; d * 24 < hours; d++) {
    for (let h = d * 24; h < Math.min(hours, d * 24 + 24); h++) out[h] = level;
    let a = 0,
      active = 0;
    for (let h = d * 24; h < Math.min(hours, d * 24 + 24); h++) {
      a += acc(h);
      if (att(h) > 0) active++;
    }
    level = active > 0 ? Math.max(a / active, level * fade) : level * fade;
  }
  return out;
}

function decayed(acc: (h: number) => number, hours: number, f: number): Float64Array {
  const out = new Float64Array(hours);
  let n = 0;
  for (let h = 0; h < hours; h++) {
    out[h] = n;
    n = n * f + acc(h);
  }
  return out;
}

export function history(o: Observed, p: { F0: number; kNew: number; fDom: number; tauB: number; halfLife: number }): History {
  const H = o.hours,
    nI = o.ips.length;
  const f = Math.exp(-Math.LN2 / (p.halfLife * 24));
  const B = new Float64Array(nI * H),
    n = new Float64Array(nI * H);
  const Bdom = new Float64Array(o.domains.length * H),
    nDom = new Float64Array(o.domains.length * H),
    nNet = new Float64Array(o.nets.length * H);
  o.ips.forEach((s, i) => {
    B.set(
      volumeHistory(
        (h) => s.accepted[h]!,
        (h) => s.attempts[h]!,
        H,
        p.F0 / p.kNew,
        p.tauB,
      ),
      i * H,
    );
    n.set(
      decayed((h) => s.accepted[h]!, H, f),
      i * H,
    );
  });
  const sumOver = (members: number[], arr: 'accepted' | 'attempts') => (h: number) => members.reduce((x, i) => x + o.ips[i]![arr][h]!, 0);
  o.domains.forEach((_, d) => {
    const m = o.ips.flatMap((_, i) => (o.ipDomain[i] === d ? [i] : []));
    Bdom.set(volumeHistory(sumOver(m, 'accepted'), sumOver(m, 'attempts'), H, p.fDom / p.kNew, p.tauB), d * H);
    nDom.set(decayed(sumOver(m, 'accepted'), H, f), d * H);
  });
  o.nets.forEach((_, k) => {
    const m = o.ips.flatMap((_, i) => (o.ipNet[i] === k ? [i] : []));
    nNet.set(decayed(sumOver(m, 'accepted'), H, f), k * H);
  });
  return { B, Bdom, n, nDom, nNet };
}
