/**
 * Recipients' reactions in live mode, on the model clock, as src/audience/reactions.ts does for
 * a simulated run (docs: receiver-model 2.3): an inbox-placed message is engaged with at its
 * segment's rate (a tenth of it in the junk folder) after a lognormal delay of median 2 h; a
 * message nobody engages with counts as inactive after 72 h; an inbox message draws a complaint at
 * the segment's rate after a median 4 h. Draws hash (seed, delivery tag, purpose). Trap addresses
 * never react (they are inactive). A complaint the receiver copies to the sender (feedback loop)
 * goes to `onCopy`, which may forward an ARF report (fbl.ts).
 */
import { REACTION, hashUniform, normalQuantile, type Receiver, type SegmentSpec, type Simulation } from './adapter.ts';

const ENGAGE_MEDIAN = 7200;
const COMPLAIN_MEDIAN = 14400;
const INACTIVE_AFTER = 72 * 3600;
const JUNK_ENGAGE = 0.1;

export interface Delivery {
  readonly provider: number;
  readonly ip: number;
  readonly sendDomain: number;
  readonly recipient: number;
  readonly address: string;
  readonly segment: number;
  readonly trap: boolean;
  readonly junk: boolean;
}

export interface ComplaintCopy extends Delivery {
  readonly modelTime: number;
}

export class LiveReactions {
  engagements = 0;
  complaints = 0;
  inactive = 0;
  copies = 0;
  private readonly pending = new Map<number, Delivery>();
  private nextId = 0;

  constructor(
    private readonly sim: Simulation,
    private readonly receivers: readonly Receiver[],
    private readonly segments: readonly SegmentSpec[],
    private readonly seed: number,
    private readonly onCopy: (c: ComplaintCopy) => void = () => {},
  ) {}

  /** Reactions scheduled and not yet happened. */
  get waiting(): number {
    return this.pending.size;
  }

  delivered(d: Delivery, tag: number): void {
    const seg = this.segments[d.segment];
    const engage = d.trap || seg === undefined ? 0 : d.junk ? seg.engage * JUNK_ENGAGE : seg.engage;
    if (hashUniform(this.seed, tag, 1) < engage) this.schedule(ENGAGE_MEDIAN * lognormal(this.seed, tag, 2), d, this.onEngage);
    else this.schedule(INACTIVE_AFTER, d, this.onInactive);
    if (!d.trap && !d.junk && seg !== undefined && hashUniform(this.seed, tag, 3) < seg.complain) {
      this.schedule(COMPLAIN_MEDIAN * lognormal(this.seed, tag, 4), d, this.onComplaint);
    }
  }

  private schedule(delay: number, d: Delivery, handler: (id: number) => void): void {
    const id = this.nextId++;
    this.pending.set(id, d);
    this.sim.after(delay, handler, id);
  }

  private take(id: number): Delivery {
    const d = this.pending.get(id)!;
    this.pending.delete(id);
    return d;
  }

  private readonly onEngage = (id: number): void => {
    const d = this.take(id);
    this.engagements++;
    this.receivers[d.provider]!.react(REACTION.engage, d.ip, d.sendDomain, d.recipient, this.sim.now);
  };

  private readonly onInactive = (id: number): void => {
    const d = this.take(id);
    this.inactive++;
    this.receivers[d.provider]!.react(REACTION.inactive, d.ip, d.sendDomain, d.recipient, this.sim.now);
  };

  private readonly onComplaint = (id: number): void => {
    const d = this.take(id);
    this.complaints++;
    if (this.receivers[d.provider]!.react(REACTION.complaint, d.ip, d.sendDomain, d.recipient, this.sim.now)) {
      this.copies++;
      this.onCopy({ ...d, modelTime: this.sim.now });
    }
  };
}

function lognormal(seed: number, tag: number, purpose: number): number {
  const u = hashUniform(seed, tag, purpose);
  return Math.exp(normalQuantile(u < 1e-12 ? 1e-12 : u));
}
