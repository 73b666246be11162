/**
 * Who a recipient address is, for live mode: its provider and site come from the scenario's
 * topology (hotmail.com -> microsoft, gmail.com -> gmail, corp001.example -> corporate, ...); its
 * traits (audience segment, whether it exists, whether it is a spam trap) are drawn once from a
 * hash of the address, with the segments' shares and rates, so the same address always behaves
 * the same. Local parts starting with `nouser` or `trap` force an unknown user or a trap.
 */
import { hash32, hashUniform, seed32, type Scenario, type SegmentSpec, type Topology } from './adapter.ts';

export interface RecipientInfo {
  readonly address: string;
  /** Recipient domain id in the topology, or -1 when no provider of the scenario serves it. */
  readonly domain: number;
  readonly provider: number;
  readonly site: number;
  /** 32-bit id of the address (a hash). */
  readonly id: number;
  readonly segment: number;
  readonly unknown: boolean;
  readonly trap: boolean;
}

export class Recipients {
  private readonly domains = new Map<string, number>();
  private readonly shares: number[];
  private readonly total: number;

  constructor(
    private readonly topo: Topology,
    private readonly segments: readonly SegmentSpec[],
    private readonly seed: number,
  ) {
    topo.recipientDomains.forEach((d, i) => this.domains.set(d.name, i));
    this.shares = segments.map((s) => s.share);
    this.total = this.shares.reduce((a, b) => a + b, 0);
  }

  static of(scenario: Scenario, topo: Topology): Recipients {
    return new Recipients(topo, scenario.audience.segments, seed32(`${scenario.seed}/live-recipients`));
  }

  /** Domain part of an address, lower-cased ("" when there is none). */
  static domainOf(address: string): string {
    const at = address.lastIndexOf('@');
    return at < 0
      ? ''
      : address
          .slice(at + 1)
          .toLowerCase()
          .replace(/\.$/, '');
  }

  classify(address: string): RecipientInfo {
    const lower = address.toLowerCase();
    const domain = this.domains.get(Recipients.domainOf(lower)) ?? -1;
    const rd = domain >= 0 ? this.topo.recipientDomains[domain]! : undefined;
    const id = seed32(lower);
    const segment = this.pickSegment(hashUniform(this.seed, id, 1));
    const seg = this.segments[segment];
    const local = lower.slice(0, Math.max(0, lower.lastIndexOf('@')));
    const unknown = local.startsWith('nouser') || (seg !== undefined && hashUniform(this.seed, id, 2) < seg.unknown);
    const trap = !unknown && (local.startsWith('trap') || (seg !== undefined && hashUniform(this.seed, id, 3) < seg.trap));
    return { address: lower, domain, provider: rd?.provider ?? -1, site: rd?.site ?? -1, id, segment, unknown, trap };
  }

  private pickSegment(u: number): number {
    let acc = 0;
    for (let i = 0; i < this.shares.length; i++) {
      acc += this.shares[i]! / this.total;
      if (u < acc) return i;
    }
    return Math.max(0, this.shares.length - 1);
  }
}

/** A stable 32-bit key of a sender (and a recipient): scripted answers count per key. */
export function messageKey(sender: string, recipient = ''): number {
  return hash32(seed32(sender.toLowerCase()), seed32(recipient.toLowerCase()));
}
