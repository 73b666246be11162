/** Stylized facts checked on the Microsoft receiver directly (no MTA in between). */
import { describe, expect, it } from 'vitest';
import { MicrosoftReceiver } from '../../../src/receivers/microsoft.ts';
import { Topology } from '../../../src/spec/topology.ts';
import { ReplyTable } from '../../../src/smtp/reply.ts';
import type { AttemptInfo } from '../../../src/contracts/receiver.ts';
import { REACTION } from '../../../src/contracts/observations.ts';
import { domain, ip, msScenario, offer, warmed } from '../../support/ms.ts';
import type { Scenario } from '../../../src/spec/scenario.ts';
import { PROVIDERS } from '../../../src/providers/registry.ts';

function receiver(s: Scenario, params: Record<string, unknown> = {}) {
  const topo = new Topology(s, PROVIDERS);
  const replies = new ReplyTable();
  const r = new MicrosoftReceiver('microsoft', s, topo, replies, 42, { mode: 'expected', ...params });
  const a: AttemptInfo = {
    ip: 0,
    net: 0,
    site: 0,
    sendDomain: 0,
    recipient: 1,
    unknownUser: false,
    trap: false,
    stream: 0,
    attemptNo: 1,
    tag: 0,
  };
  return { r, topo, a, send: (now: number, o: Partial<AttemptInfo> = {}) => r.attempt({ ...a, ...o }, now) };
}

describe('Microsoft stylized facts: blocks', () => {
  it('fact 9: block escalation: the 2nd block in 30 days lasts longer; the 3rd bans (5.7.606) until a delist; 550 and never 250 while blocked', () => {
    const { r, send } = receiver(msScenario({ days: 30, streams: [offer(0)] }));
    const blockSpan = (start: number) => {
      // hammer until blocked, then probe hourly until accepted again
      let t = start;
      while (send(t).cls !== 'block') t += 1;
      const blockedAt = t;
      let sawOk = false;
      for (t = blockedAt; t < blockedAt + 10 * 86400; t += 3600) {
        const rep = send(t);
        if (rep.code === 250) {
          sawOk = true;
          break;
        }
        expect(rep.code).toBe(550);
      }
      return { blockedAt, span: sawOk ? t - blockedAt : Infinity };
    };
    const first = blockSpan(0);
    const second = blockSpan(first.blockedAt + first.span + 3600);
    console.log(`fact 9: 1st block ${first.span / 3600} h, 2nd block ${second.span / 3600} h`);
    expect(second.span).toBeGreaterThan(first.span);
    let t = second.blockedAt + second.span + 3600;
    while (send(t).cls !== 'block') t += 1;
    const ban = send(t + 3600);
    expect(ban.text).toContain('5.7.606');
    expect(send(t + 40 * 86400).text).toContain('5.7.606'); // no delist: still banned
    r.delist(0, t + 40 * 86400);
    expect(send(t + 40 * 86400 + 3600).text).toContain('5.7.606'); // reviewed 24 h later
    const after = send(t + 42 * 86400);
    expect(after.code === 250 || after.cls === 'throttle').toBe(true);
  });
});

describe('Microsoft stylized facts: negative signals', () => {
  it('fact 11: each negative signal lowers T_eff, monotonically in dose', () => {
    const base = msScenario({ days: 10, ips: [ip('192.0.2.10', warmed(200))], streams: [offer(0)] });
    const tEffAfter = (kind: 'complaint' | 'unknown' | 'trap' | 'inactive', dose: number) => {
      const { r, send } = receiver(base);
      for (let k = 0; k < dose; k++) {
        const t = 3600 + k * (kind === 'trap' ? 6 * 3600 : 1); // trap hits 6 h apart: heat stays below a block
        if (kind === 'complaint') r.react(REACTION.complaint, 0, 0, 1, t);
        if (kind === 'inactive') r.react(REACTION.inactive, 0, 0, 1, t);
        if (kind === 'unknown') send(t, { unknownUser: true });
        if (kind === 'trap') send(t, { trap: true });
      }
      return r.derive(0, 0, 0, 6 * 86400).tEff;
    };
    for (const kind of ['complaint', 'unknown', 'trap', 'inactive'] as const) {
      const doses = kind === 'inactive' ? [0, 100, 1000, 5000] : [0, 1, 5, 20];
      const t = doses.map((d) => tEffAfter(kind, d));
      console.log(`fact 11: ${kind} doses ${doses.join('/')}: T_eff ${t.map((x) => x.toFixed(3)).join(' > ')}`);
      for (let i = 1; i < t.length; i++) expect(t[i]!).toBeLessThan(t[i - 1]!);
    }
  });
});

describe('Microsoft stylized facts: mechanics', () => {
  it('fact 26: p_rep never rises with trust, capacity never falls as history or trust grows; no 4.7.650 while both buckets hold tokens and p_rep = 0', () => {
    const dom = { ...domain(), prewarm: warmed(500) };
    const { r, send } = receiver(msScenario({ days: 30, ips: [ip('192.0.2.10', warmed(500))], domains: [dom], streams: [offer(0)] }));
    // a warmed IP with full buckets and p_rep ~ 0: every paced attempt is accepted
    let deferred = 0;
    for (let k = 0; k < 2000; k++) if (send(3600 + k * 10).cls === 'throttle') deferred++;
    expect(r.derive(0, 0, 0, 3600).pRep).toBeLessThan(1e-5);
    expect(deferred).toBe(0);
  });

  it('fact 27: more concurrent connections than allowed (2 for a new IP) get 451 4.7.652 (S3115)', () => {
    const { r } = receiver(msScenario({ days: 1, streams: [offer(0)] }));
    expect(r.connect(0, 0, 10)).toBeUndefined();
    expect(r.connect(0, 0, 10)).toBeUndefined();
    const third = r.connect(0, 0, 10);
    expect(third?.text).toBe('451 4.7.652 The mail server [192.0.2.10] has exceeded the maximum number of connections. (S3115)');
    expect(third?.cls).toBe('connection-limit');
    r.disconnect(0);
    expect(r.connect(0, 0, 11)).toBeUndefined();
  });

  it('fact 25: the 5,000/day rule: no 5.7.515 below 5,000 in 24 h, 5.7.515 beyond (after 2025-05-05); never with full auth', () => {
    const count = (auth: Parameters<typeof domain>[1], startDate: string) => {
      const dom = { ...domain('mail.example.com', auth), prewarm: warmed(20_000) };
      const s = msScenario({ days: 2, ips: [ip('192.0.2.10', warmed(20_000))], domains: [dom], streams: [offer(0)], startDate });
      const { send } = receiver(s, { pMax: 0 });
      const codes: number[] = [];
      for (let k = 0; k < 6000; k++) codes.push(send(3600 + k * 5).enhanced === '5.7.515' ? 1 : 0);
      return { first: codes.indexOf(1), total: codes.reduce((x, y) => x + y, 0) };
    };
    const noDmarc = count({ dmarc: false }, '2026-01-05');
    expect(noDmarc.first).toBe(5000);
    expect(noDmarc.total).toBe(1000);
    expect(count({}, '2026-01-05').total).toBe(0);
    expect(count({ dmarc: false }, '2025-04-01').total).toBe(0); // before enforcement
  });

  it('fact 28: determinism: expected-value mode makes no draws and repeats exactly; random mode repeats per seed', () => {
    const s = msScenario({ days: 1, streams: [offer(0)] });
    const trace = (mode: string, seed = 42) => {
      const topo = new Topology(s, PROVIDERS);
      const r = new MicrosoftReceiver('microsoft', s, topo, new ReplyTable(), seed, { mode });
      const out: string[] = [];
      for (let k = 0; k < 3000; k++)
        out.push(
          r.attempt(
            { ip: 0, net: 0, site: 0, sendDomain: 0, recipient: k, unknownUser: false, trap: false, stream: 0, attemptNo: 1, tag: k },
            k * 2,
          ).enhanced,
        );
      return out.join(',');
    };
    expect(trace('expected', 1)).toBe(trace('expected', 2));
    expect(trace('random', 7)).toBe(trace('random', 7));
  });
});
