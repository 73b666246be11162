/**
 * What recipients do after a 250 (docs/receiver-model.md 2.3): an inbox-placed message is engaged
 * with at the segment's rate (0.1x that rate in the junk folder) after a lognormal delay of median
 * 2 h, and complained about at the segment's rate after a median 4 h (only inbox mail can draw a
 * complaint); a message nobody engaged with counts as inactive after 72 h. A complaint suppresses
 * the recipient; an engagement refreshes its recency. Each reaction goes to the receiver as
 * evidence, and a complaint copy reaches the policy within the hour when the receiver runs a
 * feedback loop for the IP (JMRP, CFL); both travel through the {@link Observations} seam.
 *
 * Inactivity is the most common reaction (most mail is never opened), so it is not an event per
 * message: deliveries nobody engages with are counted per (hour, provider, IP, domain) and each
 * hour's counts reach the receivers as one aggregate at the end of the hour 72 h later (at most
 * an hour after the exact time). Engagements and complaints stay individual events.
 *
 * Draws are counter-based on (seed, message tag, purpose), so the same message to the same
 * recipient reacts the same way under every policy (common random numbers). For recipients of a
 * provider whose receiver runs in expected-value mode (`mode: expected`), reactions use error
 * diffusion and median delays instead: no draw at all, whatever the seed.
 */
import type { Simulation } from '../engine/simulation.ts';
import { hashUniform } from '../engine/hash.ts';
import { REACTION, type Observations } from '../contracts/observations.ts';
import type { Audience } from './audience.ts';

/** Tunables of the reaction model; defaults from docs/receiver-model.md 2.8 "audience delays". */
export interface ReactionParams {
  /** Median engagement delay, seconds (lognormal sigma 1). */
  readonly engageMedian: number;
  /** Median complaint delay, seconds (lognormal sigma 1). */
  readonly complainMedian: number;
  /** No engagement within this many seconds counts as inactive. */
  readonly inactiveAfter: number;
  /** Engagement multiplier for junk-placed mail. */
  readonly junkEngageFactor: number;
}

const DEFAULT_REACTIONS: ReactionParams = {
  engageMedian: 7200,
  complainMedian: 14400,
  inactiveAfter: 72 * 3600,
  junkEngageFactor: 0.1,
};

const P_ENGAGE = 1,
  P_ENGAGE_T = 2,
  P_COMPLAIN = 3,
  P_COMPLAIN_T = 4,
  P_FBL = 5;

// Acklam's coefficients: central region (a / b) and tails (c / d). Module constants, so a call
// allocates nothing (as literals inside the function they were four arrays per call).
const QA = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239] as const;
const QB = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572] as const;
const QC = [
  -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783,
] as const;
const QD = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416] as const;
const P_LOW = 0.02425;

/** Standard normal quantile (Acklam's rational approximation, |error| < 1.2e-9). */
export function normalQuantile(p: number): number {
  if (p < P_LOW || p > 1 - P_LOW) {
    const q = Math.sqrt(-2 * Math.log(p < P_LOW ? p : 1 - p));
    const x =
      (((((QC[0] * q + QC[1]) * q + QC[2]) * q + QC[3]) * q + QC[4]) * q + QC[5]) /
      ((((QD[0] * q + QD[1]) * q + QD[2]) * q + QD[3]) * q + 1);
    return p < P_LOW ? x : -x;
  }
  const r = p - 0.5,
    s = r * r;
  return (
    ((((((QA[0] * s + QA[1]) * s + QA[2]) * s + QA[3]) * s + QA[4]) * s + QA[5]) * r) /
    (((((QB[0] * s + QB[1]) * s + QB[2]) * s + QB[3]) * s + QB[4]) * s + 1)
  );
}

export class Reactions {
  engagements = 0;
  complaints = 0;
  inactive = 0;
  complaintCopies = 0;

  /** Not-engaged deliveries per (hour slot, provider, IP, domain), waiting to become inactive. */
  private readonly pendingInactive: Float64Array;
  private readonly slots: number;
  private readonly nProviders: number;
  private readonly nIps: number;
  private readonly nDomains: number;
  /** Error-diffusion accumulators per (provider, segment, purpose) for expected-value mode. */
  private readonly acc: Float64Array;

  constructor(
    private readonly sim: Simulation,
    private readonly audience: Audience,
    private readonly observations: Observations,
    private readonly seed: number,
    dims: { readonly providers: number; readonly ips: number; readonly domains: number },
    /** Providers whose receiver runs in expected-value mode: their recipients react by error diffusion, not draws. */
    private readonly expected: readonly boolean[] = [],
    private readonly params: ReactionParams = DEFAULT_REACTIONS,
  ) {
    this.slots = Math.ceil(params.inactiveAfter / 3600) + 1;
    this.nProviders = dims.providers;
    this.nIps = dims.ips;
    this.nDomains = dims.domains;
    this.pendingInactive = new Float64Array(this.slots * dims.providers * dims.ips * dims.domains);
    this.acc = new Float64Array(dims.providers * audience.segments.length * 3);
    sim.every(3600, this.onHourEnd, 3600);
  }

  private key(hour: number, provider: number, ip: number, domain: number): number {
    return (((hour % this.slots) * this.nProviders + provider) * this.nIps + ip) * this.nDomains + domain;
  }

  /** End of hour `k`: the deliveries of hour k - 72 (inactiveAfter) have now gone unengaged for 72 h. */
  private readonly onHourEnd = (k: number): void => {
    const hour = k - Math.ceil(this.params.inactiveAfter / 3600);
    if (hour < 0) return;
    const now = this.sim.now;
    for (let p = 0; p < this.nProviders; p++) {
      for (let ip = 0; ip < this.nIps; ip++) {
        for (let d = 0; d < this.nDomains; d++) {
          const i = this.key(hour, p, ip, d);
          const n = this.pendingInactive[i]!;
          if (n === 0) continue;
          this.pendingInactive[i] = 0;
          this.inactive += n;
          this.observations.reactions(p, REACTION.inactive, ip, d, n, now);
        }
      }
    }
  };

  /**
   * Expected-value mode: a reaction of probability q happens when its accumulator passes 1
   * (`acc += q; if (acc >= 1) { acc -= 1; react }`), per (provider, segment, purpose), after
   * exactly the median delay: the share is exact and no draw depends on the seed.
   */
  private diffuse(provider: number, segment: number, purpose: number, q: number): boolean {
    const k = (provider * this.audience.segments.length + segment) * 3 + purpose;
    const x = this.acc[k]! + q;
    if (x >= 1) {
      this.acc[k] = x - 1;
      return true;
    }
    this.acc[k] = x;
    return false;
  }

  /** A message was accepted: draw what its recipient will do and schedule it. */
  onDelivered(tag: number, rcpt: number, ip: number, sendDomain: number, junk: boolean): void {
    const provider = this.audience.provider(rcpt);
    if (this.expected[provider] === true) return this.expectedReactions(rcpt, ip, sendDomain, junk, provider);
    const seg = this.audience.segments[this.audience.segment[rcpt]!]!;
    const pEngage = junk ? seg.engage * this.params.junkEngageFactor : seg.engage;
    const base = pack(rcpt, ip, sendDomain);
    if (hashUniform(this.seed, tag, P_ENGAGE) < pEngage) {
      const delay = this.params.engageMedian * Math.exp(normalQuantile(clampU(hashUniform(this.seed, tag, P_ENGAGE_T))));
      this.sim.after(delay, this.onEngage, base);
    } else {
      this.pendingInactive[this.key(Math.floor(this.sim.now / 3600), this.audience.provider(rcpt), ip, sendDomain)]!++;
    }
    if (!junk && hashUniform(this.seed, tag, P_COMPLAIN) < seg.complain) {
      const delay = this.params.complainMedian * Math.exp(normalQuantile(clampU(hashUniform(this.seed, tag, P_COMPLAIN_T))));
      this.sim.after(delay, this.onComplaint, base);
    }
  }

  private expectedReactions(rcpt: number, ip: number, sendDomain: number, junk: boolean, provider: number): void {
    const g = this.audience.segment[rcpt]!;
    const seg = this.audience.segments[g]!;
    const base = pack(rcpt, ip, sendDomain);
    if (this.diffuse(provider, g, 0, junk ? seg.engage * this.params.junkEngageFactor : seg.engage))
      this.sim.after(this.params.engageMedian, this.onEngage, base);
    else this.pendingInactive[this.key(Math.floor(this.sim.now / 3600), provider, ip, sendDomain)]!++;
    if (!junk && this.diffuse(provider, g, 1, seg.complain)) this.sim.after(this.params.complainMedian, this.onComplaint, base);
  }

  private readonly onEngage = (p: number): void => {
    const rcpt = unpackRcpt(p);
    this.engagements++;
    this.audience.engaged(rcpt, this.sim.now);
    this.observations.reaction(this.audience.provider(rcpt), REACTION.engage, unpackIp(p), unpackDomain(p), rcpt, this.sim.now);
  };

  private readonly onComplaint = (p: number): void => {
    const rcpt = unpackRcpt(p);
    this.complaints++;
    this.audience.suppress(rcpt);
    const copy = this.observations.reaction(
      this.audience.provider(rcpt),
      REACTION.complaint,
      unpackIp(p),
      unpackDomain(p),
      rcpt,
      this.sim.now,
    );
    if (copy) {
      this.complaintCopies++; // what the sender observes through the feedback loop
      if (this.observations.wantsComplaintCopies)
        this.sim.after(
          this.expected[this.audience.provider(rcpt)] === true ? 1800 : 3600 * hashUniform(this.seed, rcpt, P_FBL, this.complaints),
          this.onCopy,
          p,
        );
    }
  };

  private readonly onCopy = (p: number): void => {
    this.observations.complaintCopy(unpackIp(p), this.audience.provider(unpackRcpt(p)), this.sim.now);
  };
}

function clampU(u: number): number {
  return u < 1e-12 ? 1e-12 : u;
}

// payload packing: ((rcpt * 1024 + ip) * 64 + domain), rcpt < 2^33, ip < 1024, domain < 64
function pack(rcpt: number, ip: number, domain: number): number {
  return (rcpt * 1024 + ip) * 64 + domain;
}
function unpackDomain(p: number): number {
  return p % 64;
}
function unpackIp(p: number): number {
  return Math.floor(p / 64) % 1024;
}
function unpackRcpt(p: number): number {
  return Math.floor(p / 65536);
}
