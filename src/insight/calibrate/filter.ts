/**
 * A particle filter (sequential Monte Carlo, bootstrap with systematic resampling) over
 * Microsoft's hidden state per IP, hour by hour, with the receiver model (docs/receiver-model.md
 * 2.3-2.5, src/receivers/microsoft.ts and evidence.ts) as its transition:
 *
 * - latent per sending domain: the engagement share e of delivered mail (the one signal logs do
 *   not show), a random walk in logit space (step sd `walk` per hour), prior uniform on
 *   [0.01, 0.6]; and, for IPs without complaint data (no feed, no SNDS rate above 0.1 %), the
 *   complaint rate per inbox-placed message, constant, prior log-uniform on [1e-5, 3e-3]; each
 *   particle carries these and the evidence P, N of every IP, domain and /24, and the token
 *   buckets L of every IP and domain;
 * - deterministic (history.ts): volume histories B and delivered counts n from the logs;
 * - per hour, for each IP: T_dom, T_net, the prior pi, T_ip, T_eff, confidence c, growth gate g,
 *   Cap = max(F0·clamp((pi/0.5)^2, 1/4, 4), k·B), depth D, p_rep; attempts pass the IP bucket
 *   (fluid: at most L + Cap an hour) and the domain's (shared by its IPs, scaled down
 *   proportionally), rejected attempts add debt phi; the expected accepted count is
 *   pass·(1 - p_rep) - unknown users;
 * - observation: accepted ~ Normal(mu, mu(1 - mu/a) + (kappa·mu)^2 + 1) for IP-hours with attempts
 *   and no block replies (the model has no blocks: those hours tell nothing of capacity);
 * - evidence from what was observed: engagement wEng·e·(inbox + 0.1·junk share) per delivered
 *   message 2 h after its delivery, inactivity wInact per message not engaged 72 h later, wU per unknown user, complaints
 *   (feeds or SNDS) weighted wC·n/(n + nShrink); 14-day half-life.
 *
 * Returns the log-likelihood estimate (sum over hours of the log mean weight) and, when asked,
 * the filtered mean and 5-95 % band of T_eff and Cap per IP per hour (at the end of each hour,
 * where the simulator's hidden trace samples them). Deterministic: its draws come from a seeded
 * stream (src/engine/random.ts).
 */
import { RandomStreams } from '../../engine/random.ts';
import {
  capacity,
  clamp,
  confidence,
  deferralProbability,
  floorRate,
  growthGate,
  headroom,
  junkProbability,
  shrunk,
  trust,
} from '../../receivers/evidence.ts';
import type { History } from './history.ts';
import type { Observed } from './observed.ts';

export interface ModelParams {
  readonly F0: number;
  readonly kNew: number;
  readonly kEst: number;
  readonly nHalf: number;
  readonly tauB: number;
  readonly halfLife: number;
  readonly k0: number;
  readonly k0Dom: number;
  readonly k0Net: number;
  readonly pi0: number;
  readonly lambdaD: number;
  readonly lambdaN: number;
  readonly omegaD: number;
  readonly omegaN: number;
  readonly wEng: number;
  readonly wInact: number;
  readonly wC: number;
  readonly nShrink: number;
  readonly wU: number;
  readonly pMax: number;
  readonly tMid: number;
  readonly s: number;
  readonly tLo: number;
  readonly tHi: number;
  readonly phi: number;
  readonly bucketHours: number;
  readonly bucketMin: number;
  readonly fDom: number;
  readonly nHalfDom: number;
  readonly junkMid: number;
  readonly junkS: number;
  /** Model error of the hourly accepted count, as a share of it. */
  readonly kappa: number;
  /** 1: IPs without complaint data get a latent complaint rate; 0: they are taken to have none. */
  readonly latentComplaints: number;
}

export interface FilterOptions {
  readonly particles: number;
  readonly seed: number;
  /** Random-walk step of logit(e) per hour. */
  readonly walk: number;
  /** Keep the filtered bands (slower: a sort per IP per hour). */
  readonly bands: boolean;
}

interface Band {
  readonly mean: Float64Array;
  readonly p5: Float64Array;
  readonly p95: Float64Array;
}

export interface FilterResult {
  readonly logLik: number;
  /** [ip] over hours; empty unless bands were asked for. */
  readonly trust: readonly Band[];
  readonly capacity: readonly Band[];
  /** Expected accepted per IP per hour under the filter (the replay), [ip * hours + h]. */
  readonly expected: Float64Array;
  /** Filtered engagement share per domain at the end. */
  readonly engagement: readonly number[];
  /** The filter's mean state at the end, per IP: P, N, n, B (for a prewarmed scenario). */
  readonly end: readonly { P: number; N: number; n: number; B: number; tEff: number; cap: number }[];
  readonly endDomain: readonly { P: number; N: number; n: number; B: number }[];
}

/** Hours from delivery to the evidence: engagement (the audience's median reaction, ~2 h) and inactivity (72 h). */
const LAG_ENGAGE = 2;
const LAG_INACTIVE = 72;

/**
 * Attempts that find a token in an hour, fluid: with a attempts spread over the hour, bucket
 * level L at its start and refill C, all pass while a <= L + C; beyond, tokens in = passes + phi
 * x rejections with the level hovering at the threshold, p = (C + L - phi·a) / (1 - phi), so an
 * IP retrying at more than C/phi an hour gets almost nothing through (its debt never clears).
 */
function passed(a: number, L: number, C: number, phi: number): number {
  if (a <= L + C) return Math.max(0, a);
  return clamp((C + L - phi * a) / (1 - phi), 0, Math.max(0, L + C));
}
const logit = (x: number) => Math.log(x / (1 - x));
const inv = (z: number) => 1 / (1 + Math.exp(-z));

function band(hours: number): Band {
  return { mean: new Float64Array(hours), p5: new Float64Array(hours), p95: new Float64Array(hours) };
}

/** Weighted 5 % and 95 % quantiles of values v with normalised weights w. */
function quantiles(v: Float64Array, w: Float64Array, idx: Int32Array): [number, number] {
  for (let k = 0; k < idx.length; k++) idx[k] = k;
  idx.sort((a, b) => v[a]! - v[b]!);
  let acc = 0,
    lo = v[idx[0]!]!,
    hi = v[idx[idx.length - 1]!]!;
  let gotLo = false;
  for (let k = 0; k < idx.length; k++) {
    acc += w[idx[k]!]!;
    if (!gotLo && acc >= 0.05) {
      lo = v[idx[k]!]!;
      gotLo = true;
    }
    if (acc >= 0.95) {
      hi = v[idx[k]!]!;
      break;
    }
  }
  return [lo, hi];
}

export function runFilter(o: Observed, hist: History, p: ModelParams, opt: FilterOptions): FilterResult {
  const K = opt.particles,
    H = o.hours,
    nI = o.ips.length,
    nD = o.domains.length,
    nN = o.nets.length;
  const rng = new RandomStreams(opt.seed).get('calibrate/filter');
  const fDecay = Math.exp(-Math.LN2 / (p.halfLife * 24));
  // particle state, [k * size + j]
  let e = new Float64Array(K * nD);
  let P = new Float64Array(K * nI),
    N = new Float64Array(K * nI),
    L = new Float64Array(K * nI).fill(p.bucketMin);
  let Pd = new Float64Array(K * nD),
    Nd = new Float64Array(K * nD),
    Ld = new Float64Array(K * nD).fill(p.bucketMin);
  let Pn = new Float64Array(K * nN),
    Nn = new Float64Array(K * nN);
  for (let k = 0; k < K * nD; k++) e[k] = rng.uniform(0.01, 0.6);
  let cr = new Float64Array(K * nD);
  for (let k = 0; k < K * nD; k++) cr[k] = Math.exp(rng.uniform(Math.log(1e-5), Math.log(3e-3)));
  const measured = Uint8Array.from(o.ips, (s) => (p.latentComplaints === 0 || s.complaints.some((x) => x > 0) ? 1 : 0));
  const w = new Float64Array(K).fill(1 / K);
  const logw = new Float64Array(K);
  const tEff = new Float64Array(K * nI),
    cap = new Float64Array(K * nI),
    mu = new Float64Array(K * nI);
  const trustB = opt.bands ? o.ips.map(() => band(H)) : [];
  const capB = opt.bands ? o.ips.map(() => band(H)) : [];
  const expected = new Float64Array(nI * H);
  const col = new Float64Array(K),
    idx = new Int32Array(K);
  const pass = new Float64Array(nI);
  let logLik = 0;

  for (let h = 0; h < H; h++) {
    for (let k = 0; k < K; k++) {
      let lw = 0;
      // decay evidence
      for (let i = 0; i < nI; i++) {
        P[k * nI + i]! *= fDecay;
        N[k * nI + i]! *= fDecay;
      }
      for (let d = 0; d < nD; d++) {
        Pd[k * nD + d]! *= fDecay;
        Nd[k * nD + d]! *= fDecay;
      }
      for (let q = 0; q < nN; q++) {
        Pn[k * nN + q]! *= fDecay;
        Nn[k * nN + q]! *= fDecay;
      }
      // capacities and the IP buckets
      for (let i = 0; i < nI; i++) {
        const d = o.ipDomain[i]!,
          q = o.ipNet[i]!,
          j = k * nI + i;
        const tDom = trust(p.k0Dom, p.pi0, Pd[k * nD + d]!, Nd[k * nD + d]!);
        const tNet = trust(p.k0Net, p.pi0, Pn[k * nN + q]!, Nn[k * nN + q]!);
        const prior = p.lambdaD * tDom + p.lambdaN * tNet + (1 - p.lambdaD - p.lambdaN) * p.pi0;
        const tIp = trust(p.k0, prior, P[j]!, N[j]!);
        const t = (1 - p.omegaD - p.omegaN) * tIp + p.omegaD * tDom + p.omegaN * tNet;
        const c = confidence(hist.n[i * H + h]!, p.nHalf);
        const C = capacity(floorRate(p.F0, prior), headroom(p.kNew, p.kEst, c, growthGate(t, p.tLo, p.tHi)), hist.B[i * H + h]!);
        const D = Math.max(p.bucketMin, p.bucketHours * C);
        tEff[j] = t;
        cap[j] = C;
        pass[i] = passed(o.ips[i]!.attempts[h]!, Math.min(D, L[j]!), C, p.phi);
      }
      // the domain buckets, shared by their IPs
      for (let d = 0; d < nD; d++) {
        const tDom = trust(p.k0Dom, p.pi0, Pd[k * nD + d]!, Nd[k * nD + d]!);
        const cDom = confidence(hist.nDom[d * H + h]!, p.nHalfDom);
        const C = capacity(
          p.fDom * clamp((tDom / 0.5) ** 2, 0.25, 4),
          headroom(p.kNew, p.kEst, cDom, growthGate(tDom, p.tLo, p.tHi)),
          hist.Bdom[d * H + h]!,
        );
        const D = Math.max(p.bucketMin, p.bucketHours * C);
        let want = 0;
        for (let i = 0; i < nI; i++) if (o.ipDomain[i] === d) want += pass[i]!;
        // the domain bucket takes no debt: only a passing attempt spends its token
        const tokens = Math.max(0, Math.min(D, Ld[k * nD + d]!) + C);
        const scale = want > tokens ? tokens / want : 1;
        let used = 0;
        for (let i = 0; i < nI; i++)
          if (o.ipDomain[i] === d) {
            pass[i]! *= scale;
            used += pass[i]!;
          }
        Ld[k * nD + d] = Math.min(D, Math.min(D, Ld[k * nD + d]!) + C - used);
      }
      // expectations, likelihood, evidence
      for (let i = 0; i < nI; i++) {
        const s = o.ips[i]!,
          j = k * nI + i,
          d = o.ipDomain[i]!,
          q = o.ipNet[i]!;
        const a = s.attempts[h]!,
          x = s.accepted[h]!;
        const C = cap[j]!,
          D = Math.max(p.bucketMin, p.bucketHours * C),
          t = tEff[j]!;
        const pRep = deferralProbability(p.pMax, p.tMid, p.s, t);
        const m = Math.max(0, pass[i]! * (1 - pRep) - s.unknown[h]!);
        mu[j] = m;
        L[j] = clamp(Math.min(D, L[j]!) + C - pass[i]! - p.phi * (a - pass[i]!), -D, D);
        if (a > 0 && s.blocked[h] === 0) {
          const v = m * Math.max(0, 1 - m / a) + (p.kappa * m) ** 2 + 1;
          lw += -0.5 * (((x - m) * (x - m)) / v + Math.log(2 * Math.PI * v));
        }
        const ee = e[k * nD + d]!;
        const junk = junkProbability(t, p.junkMid, p.junkS);
        const engaged = ee * (1 - junk + 0.1 * junk);
        const pos = p.wEng * engaged * (h >= LAG_ENGAGE ? s.accepted[h - LAG_ENGAGE]! : 0);
        const x72 = h >= LAG_INACTIVE ? s.accepted[h - LAG_INACTIVE]! : 0;
        const neg = p.wInact * (1 - engaged) * x72 + p.wU * s.unknown[h]!;
        const cpl = measured[i] === 1 ? s.complaints[h]! : cr[k * nD + d]! * (1 - junk) * x;
        P[j]! += pos;
        N[j]! += neg + cpl * shrunk(p.wC, hist.n[i * H + h]!, p.nShrink);
        Pd[k * nD + d]! += pos;
        Nd[k * nD + d]! += neg + cpl * shrunk(p.wC, hist.nDom[d * H + h]!, p.nShrink);
        Pn[k * nN + q]! += pos;
        Nn[k * nN + q]! += neg + cpl * shrunk(p.wC, hist.nNet[q * H + h]!, p.nShrink);
      }
      logw[k] = lw;
    }
    // weights, the hour's likelihood, bands
    let max = -Infinity;
    for (let k = 0; k < K; k++) if (logw[k]! > max) max = logw[k]!;
    let sum = 0;
    for (let k = 0; k < K; k++) {
      w[k] = w[k]! * Math.exp(logw[k]! - max);
      sum += w[k]!;
    }
    logLik += max + Math.log(sum);
    for (let k = 0; k < K; k++) w[k]! /= sum;
    for (let i = 0; i < nI; i++) {
      let m = 0;
      for (let k = 0; k < K; k++) m += w[k]! * mu[k * nI + i]!;
      expected[i * H + h] = m;
      if (!opt.bands) continue;
      for (const [arr, b] of [
        [tEff, trustB[i]!],
        [cap, capB[i]!],
      ] as const) {
        let mean = 0;
        for (let k = 0; k < K; k++) {
          col[k] = arr[k * nI + i]!;
          mean += w[k]! * col[k]!;
        }
        const [lo, hi] = quantiles(col, w, idx);
        b.mean[h] = mean;
        b.p5[h] = lo;
        b.p95[h] = hi;
      }
    }
    // resample when the effective sample size falls under half
    let ess = 0;
    for (let k = 0; k < K; k++) ess += w[k]! * w[k]!;
    if (1 / ess < K / 2) {
      const pick = new Int32Array(K);
      const u0 = rng.next() / K;
      let c = w[0]!,
        r = 0;
      for (let k = 0; k < K; k++) {
        const u = u0 + k / K;
        while (u > c && r < K - 1) c += w[++r]!;
        pick[k] = r;
      }
      const take = (a: Float64Array, n: number) => {
        const b = new Float64Array(a.length);
        for (let k = 0; k < K; k++) b.set(a.subarray(pick[k]! * n, pick[k]! * n + n), k * n);
        return b;
      };
      e = take(e, nD);
      cr = take(cr, nD);
      P = take(P, nI);
      N = take(N, nI);
      L = take(L, nI);
      Pd = take(Pd, nD);
      Nd = take(Nd, nD);
      Ld = take(Ld, nD);
      Pn = take(Pn, nN);
      Nn = take(Nn, nN);
      w.fill(1 / K);
    }
    // the latent's random walk
    for (let k = 0; k < K * nD; k++) e[k] = clamp(inv(logit(e[k]!) + opt.walk * rng.normal()), 0.001, 0.999);
  }
  const mean = (a: Float64Array, n: number, j: number) => {
    let m = 0;
    for (let k = 0; k < K; k++) m += w[k]! * a[k * n + j]!;
    return m;
  };
  const last = H - 1;
  return {
    logLik,
    trust: trustB,
    capacity: capB,
    expected,
    engagement: o.domains.map((_, d) => mean(e, nD, d)),
    end: o.ips.map((_, i) => ({
      P: mean(P, nI, i),
      N: mean(N, nI, i),
      n: hist.n[i * H + last]! * fDecay + o.ips[i]!.accepted[last]!,
      B: hist.B[i * H + last]!,
      tEff: mean(tEff, nI, i),
      cap: mean(cap, nI, i),
    })),
    endDomain: o.domains.map((_, d) => ({
      P: mean(Pd, nD, d),
      N: mean(Nd, nD, d),
      n: hist.nDom[d * H + last]!,
      B: hist.Bdom[d * H + last]!,
    })),
  };
}
