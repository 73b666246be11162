import { describe, expect, it } from 'vitest';
import { buildPolicy } from '../../../src/policies/registry.ts';
import type { MtaControl } from '../../../src/contracts/policy.ts';
import { ReplyTable } from '../../../src/smtp/reply.ts';
import { MS_TEXTS, fill } from '../../../src/smtp/texts.ts';

const PROVIDERS = ['microsoft', 'gmail', 'yahoo', 'corporate', 'm365'];
const BULK_IP = 0,
  TX_IP = 1;

/** Two IPs (a bulk pool warming, a transactional pool), one site per provider; records suspensions. */
function fakeMta() {
  const S = PROVIDERS.length;
  const suspended = new Float64Array(2 * S);
  const mta = {
    providers: PROVIDERS,
    ips: [
      { address: '192.0.2.1', pool: 'bulk' },
      { address: '192.0.2.2', pool: 'tx' },
    ],
    sites: PROVIDERS.map((p) => ({ name: p, provider: p, mx: p, domains: p === 'microsoft' ? ['hotmail.com', 'outlook.com'] : [] })),
    streams: [
      { name: 'news', kind: 'bulk', pool: 'bulk' },
      { name: 'receipts', kind: 'transactional', pool: 'tx' },
    ],
    pathCount: 2 * S,
    path: (ip: number, site: number) => ip * S + site,
    pathIp: (path: number) => Math.floor(path / S),
    pathSite: (path: number) => path % S,
    pathProvider: (path: number) => path % S,
    suspendPath: (path: number, until: number) => void (suspended[path] = Math.max(suspended[path]!, until)),
    suspendedUntil: (path: number) => suspended[path]!,
    setPathConnections: () => {},
    setPathPerConnection: () => {},
    setPathRate: () => {},
    setProviderRate: () => {},
    setProviderConnections: () => {},
    setMaxAge: () => {},
    requestDelist: () => {},
  } as unknown as MtaControl;
  return { mta, suspended, msPath: (ip: number) => ip * S };
}

const replies = new ReplyTable();
const ok = replies.get(MS_TEXTS.accepted);
const s775 = replies.get(fill(MS_TEXTS.rateLimited, '192.0.2.2'));
const T0 = 3600 * 10 + 60;

describe('seed-playbook: pausing on 451 4.7.650', () => {
  it('a warming IP pauses on the first 4.7.650 (the article: "pause, retry after 30 minutes")', () => {
    const { mta, suspended, msPath } = fakeMta();
    const policy = buildPolicy('seed-playbook', {}, { name: 'seed-playbook', baseDir: '.' });
    policy.setup(mta);
    policy.onReply(msPath(BULK_IP), s775, T0);
    expect(suspended[msPath(BULK_IP)]).toBe(T0 + 1800);
  });

  it('a transactional-only IP ignores a stray 4.7.650 but pauses once the hour reaches the Pause band (15 %+ of 20+ attempts)', () => {
    const { mta, suspended, msPath } = fakeMta();
    const policy = buildPolicy('seed-playbook', {}, { name: 'seed-playbook', baseDir: '.' });
    policy.setup(mta);
    const p = msPath(TX_IP);
    for (let i = 0; i < 19; i++) policy.onReply(p, ok, T0 + i);
    policy.onReply(p, s775, T0 + 19); // 1 of 20: 5 %
    expect(suspended[p]).toBe(0);
    policy.onReply(p, s775, T0 + 20); // 2 of 21: 9.5 %, Throttle band: still no pause
    expect(suspended[p]).toBe(0);
    policy.onReply(p, s775, T0 + 21);
    policy.onReply(p, s775, T0 + 22); // 4 of 23: 17 %, Pause band
    expect(suspended[p]).toBe(T0 + 22 + 1800);
    // a new hour starts clean: one deferral in a fresh hour does not pause again
    policy.onHour?.(11, 11 * 3600);
    policy.onReply(p, s775, T0 + 4000);
    expect(suspended[p]).toBe(T0 + 22 + 1800);
  });
});
