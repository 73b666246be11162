/**
 * A pump of one site: held mail released if its gate is open, then for each IP's path the
 * connections brought up to `ideal = ceil(limit * (1 - exp(-0.023 * q)))`, capped at q (KumoMTA
 * ready_queue.rs `ideal_connection_count`, q = the path's ready messages; with the policy's
 * `connectionRamp: 'immediate'`, ideal = min(limit, q) as Postfix's qmgr does), idle ones reused first,
 * new ones opened while the provider-wide connection limit allows. A path blocked by a suspension
 * or a connect backoff gets a wake at its end instead.
 */
import type { Simulation } from '../engine/simulation.ts';
import type { Connections } from './connections.ts';
import type { Paths } from './paths.ts';
import type { Queues } from './queues.ts';
import type { Shaping } from './shaping.ts';
import type { SiteWakes } from './wakes.ts';

export class SitePump {
  constructor(
    private readonly sim: Simulation,
    private readonly paths: Paths,
    private readonly shaping: Shaping,
    private readonly queues: Queues,
    private readonly connections: Connections,
    private readonly wakes: SiteWakes,
    /** Open up to the limit at once (Postfix), not by KumoMTA's queue-depth ramp. */
    private readonly immediate: boolean,
  ) {}

  pump(site: number): void {
    this.queues.pumpHeld(site);
    const sh = this.shaping;
    const now = this.sim.now;
    const provider = this.paths.siteProvider[site]!;
    const readyByPath = this.queues.readyByPath;
    for (let ip = 0; ip < this.paths.nIps; ip++) {
      const path = this.paths.path(ip, site);
      const q = readyByPath[path]!;
      if (q === 0) continue;
      const blockedUntil = Math.max(sh.suspendedUntil[path]!, sh.nextConnectAt[path]!);
      if (blockedUntil > now) {
        this.wakes.at(site, blockedUntil);
        continue;
      }
      let ideal = this.immediate ? sh.connLimit[path]! : Math.ceil(sh.connLimit[path]! * (1 - Math.exp(-0.023 * q)));
      if (ideal > q) ideal = q;
      let busy = sh.conns[path]! - this.connections.idleCount(path);
      while (this.connections.idleCount(path) > 0 && busy < ideal) {
        busy++;
        this.connections.reuseIdle(path);
      }
      const pk = this.paths.providerKey(ip, provider);
      while (sh.conns[path]! < ideal && sh.provConns[pk]! < sh.provConnLimit[pk]!) this.connections.open(path, pk);
    }
  }
}
