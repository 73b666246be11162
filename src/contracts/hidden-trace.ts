/**
 * The hidden receiver state, sampled per IP per hour, for reports only: no sender can observe
 * it and no policy is given it. Fields: trust of the IP alone (T_ip), effective trust (T_eff),
 * capacity (messages/hour), token-bucket level, heat, blocked (0/1).
 */
export const HIDDEN_FIELDS = ['tIp', 'tEff', 'capacity', 'bucket', 'heat', 'blocked'] as const;
export type HiddenField = (typeof HIDDEN_FIELDS)[number];

export class HiddenTrace {
  readonly values: Float32Array;

  constructor(
    readonly provider: string,
    readonly hours: number,
    readonly ips: readonly string[],
  ) {
    this.values = new Float32Array(hours * ips.length * HIDDEN_FIELDS.length);
  }

  set(hour: number, ip: number, field: number, v: number): void {
    if (hour >= 0 && hour < this.hours) this.values[(hour * this.ips.length + ip) * HIDDEN_FIELDS.length + field] = v;
  }

  get(hour: number, ip: number, field: HiddenField): number {
    return this.values[(hour * this.ips.length + ip) * HIDDEN_FIELDS.length + HIDDEN_FIELDS.indexOf(field)]!;
  }
}
