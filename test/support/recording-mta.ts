/** An MtaControl that records what a policy's setup declares (limits per path, provider and IP), for tests of configuration. */
import type { MtaControl } from '../../src/contracts/policy.ts';
import type { ThrottleSpec } from '../../src/spec/throttle.ts';
import { RandomStreams } from '../../src/engine/random.ts';

export interface Recorded extends MtaControl {
  readonly conn: Map<number, number>;
  readonly perConn: Map<number, number>;
  readonly rate: Map<number, ThrottleSpec | undefined>;
  readonly selection: Map<number, ThrottleSpec | undefined>;
  readonly provConn: Map<string, number>;
  readonly provRate: Map<string, ThrottleSpec | undefined>;
  maxAge: number;
}

/** Two IPs x the given sites (default: Outlook.com, Gmail and one Office 365 tenant). */
export function recordingMta(
  ips: readonly string[] = ['192.0.2.10', '192.0.2.11'],
  sites: MtaControl['sites'] = [
    {
      name: 'olc.protection.outlook.com',
      provider: 'microsoft',
      mx: 'olc.protection.outlook.com',
      domains: ['hotmail.com', 'outlook.com', 'live.com'],
    },
    { name: 'google.com', provider: 'gmail', mx: 'google.com', domains: ['gmail.com'] },
    { name: 't1.mail.protection.outlook.com', provider: 'm365', mx: 't1.mail.protection.outlook.com', domains: ['t1.example'] },
  ],
): Recorded {
  const providers = [...new Set(sites.map((s) => s.provider))];
  const streams = new RandomStreams(1);
  const m: Recorded = {
    ips: ips.map((address) => ({ address, pool: 'p' })),
    sites,
    providers,
    streams: [{ name: 'news', kind: 'bulk', pool: 'p' }],
    pathCount: ips.length * sites.length,
    path: (ip, site) => ip * sites.length + site,
    pathIp: (path) => Math.floor(path / sites.length),
    pathSite: (path) => path % sites.length,
    pathProvider: (path) => providers.indexOf(sites[path % sites.length]!.provider),
    conn: new Map(),
    perConn: new Map(),
    rate: new Map(),
    selection: new Map(),
    provConn: new Map(),
    provRate: new Map(),
    maxAge: 0,
    setPathRate: (path, spec, slot = 0) => void (slot === 0 ? m.rate : m.selection).set(path, spec),
    setPathConnections: (path, n) => void m.conn.set(path, n),
    setPathPerConnection: (path, n) => void m.perConn.set(path, n),
    setProviderRate: (ip, p, spec) => void m.provRate.set(`${ip}/${providers[p]}`, spec),
    setProviderConnections: (ip, p, n) => void m.provConn.set(`${ip}/${providers[p]}`, n),
    setIpSelectionRate: () => {},
    setIpDailyCap: () => {},
    selectedToday: () => 0,
    firstAttemptsOn: () => 0,
    setIpWeight: () => {},
    requestDelist: () => {},
    suspendPath: () => {},
    suspendedUntil: () => 0,
    setMaxAge: (s) => void (m.maxAge = s),
    random: (name) => streams.get(name),
    now: 0,
    at: () => {},
  };
  return m;
}
