/**
 * Which scenario IP a connecting client is. On loopback an MTA can bind many source addresses
 * (127.0.0.2, 127.0.0.3, ...: Postfix `smtp_bind_address` per transport, KumoMTA egress sources),
 * so each one stands for one of the scenario's IPs: explicitly (`--map 127.0.0.2=192.0.2.10`, or a
 * scenario's `ips[].listen_as`) or, for addresses not mapped, in order of first appearance onto
 * the scenario IPs nobody mapped. Clients beyond the scenario's IPs are not mapped (-1).
 */

/** "::ffff:127.0.0.2" -> "127.0.0.2"; other addresses unchanged. */
function normaliseAddress(a: string): string {
  return a.startsWith('::ffff:') && a.includes('.') ? a.slice(7) : a;
}

/** Parses "127.0.0.2=192.0.2.10,127.0.0.3=192.0.2.11"; throws a one-line error naming the bad part. */
export function parseMap(text: string): [string, string][] {
  if (text.trim() === '') return [];
  return text.split(',').map((part) => {
    const m = /^\s*([0-9a-fA-F:.]+)\s*=\s*([0-9a-fA-F:.]+)\s*$/.exec(part);
    if (!m) throw new Error(`--map: "${part}" is not CLIENT=SCENARIO_IP (e.g. 127.0.0.2=192.0.2.10)`);
    return [normaliseAddress(m[1]!), m[2]!];
  });
}

export class AddressMap {
  private readonly byClient = new Map<string, number>();
  private readonly free: number[];

  /** `scenarioIps`: the scenario's IP addresses in order; `explicit`: client -> scenario IP address. */
  constructor(
    private readonly scenarioIps: readonly string[],
    explicit: readonly (readonly [string, string])[] = [],
  ) {
    const taken = new Set<number>();
    for (const [client, ip] of explicit) {
      const i = scenarioIps.indexOf(ip);
      if (i < 0) throw new Error(`--map: ${ip} is not one of the scenario's IPs (${scenarioIps.join(', ')})`);
      if (this.byClient.has(client)) throw new Error(`--map: ${client} is mapped twice`);
      if (taken.has(i)) throw new Error(`--map: ${ip} is mapped from two client addresses`);
      this.byClient.set(client, i);
      taken.add(i);
    }
    this.free = scenarioIps.flatMap((_, i) => (taken.has(i) ? [] : [i]));
  }

  /** The scenario IP index of a client address (assigning the next free one on first sight), or -1. */
  ipOf(clientAddress: string): number {
    const a = normaliseAddress(clientAddress);
    const known = this.byClient.get(a);
    if (known !== undefined) return known;
    const next = this.free.shift();
    if (next === undefined) return -1;
    this.byClient.set(a, next);
    return next;
  }

  /** Current client -> scenario IP assignments. */
  entries(): [string, string][] {
    return [...this.byClient].map(([c, i]) => [c, this.scenarioIps[i]!]);
  }
}
