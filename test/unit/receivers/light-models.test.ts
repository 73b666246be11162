import { describe, expect, it } from 'vitest';
import { Topology } from '../../../src/spec/topology.ts';
import { ReplyTable } from '../../../src/smtp/reply.ts';
import { GmailReceiver } from '../../../src/receivers/gmail.ts';
import { YahooReceiver } from '../../../src/receivers/yahoo.ts';
import { GenericReceiver } from '../../../src/receivers/generic.ts';
import { MicrosoftReceiver } from '../../../src/receivers/microsoft.ts';
import { defaultReceivers, PROVIDERS } from '../../../src/providers/registry.ts';
import { resolveParams } from '../../../src/receivers/params.ts';
import { MICROSOFT_PARAMS } from '../../../src/receivers/microsoft-params.ts';
import type { AttemptInfo } from '../../../src/contracts/receiver.ts';
import { baseScenario } from '../../../src/scenario/defaults.ts';
import { domain } from '../../support/ms.ts';

const scenario = baseScenario({ duration: 10 * 86400 });
const topo = new Topology(scenario, PROVIDERS);
const info = (o: Partial<AttemptInfo> = {}): AttemptInfo => ({
  ip: 0,
  net: 0,
  site: 0,
  sendDomain: 0,
  recipient: 7,
  unknownUser: false,
  trap: false,
  stream: 0,
  attemptNo: 1,
  tag: 1,
  ...o,
});

describe('Gmail', () => {
  it('4.7.28 "unusual rate": a burst over the 300/h floor trips it, then a 10-minute cooldown that each attempt restarts', () => {
    const g = new GmailReceiver(scenario, topo, new ReplyTable(), 1, { mode: 'expected' });
    let first = -1;
    for (let k = 0; k < 200 && first < 0; k++) if (g.attempt(info({ recipient: k }), 1000 + k).enhanced === '4.7.28') first = k;
    expect(first).toBeGreaterThan(40); // r-hat adds 6/h per message: ~50 messages within minutes
    expect(first).toBeLessThan(60);
    const t0 = 1000 + first;
    expect(g.attempt(info(), t0 + 300).enhanced).toBe('4.7.28'); // inside the cooldown: restarts it, to t0 + 15 min
    expect(g.attempt(info(), t0 + 850).enhanced).toBe('4.7.28'); // still inside (it would have ended at t0 + 10 min)
    expect(g.attempt(info({ recipient: 999 }), t0 + 3 * 3600).code).toBe(250); // quiet again
  });

  it('prefers the spam folder: a low-reputation domain is junked rather than deferred', () => {
    const g = new GmailReceiver(scenario, topo, new ReplyTable(), 1, { mode: 'expected' });
    for (let k = 0; k < 30; k++) g.react(1, 0, 0, k, 100 + k); // 30 spam reports
    let junk = 0,
      ok = 0;
    for (let k = 0; k < 100; k++) {
      const r = g.attempt(info({ recipient: k }), 3600 + k * 60);
      if (r.code === 250) {
        ok++;
        if (g.lastJunk) junk++;
      }
    }
    expect(junk / ok).toBeGreaterThan(0.4);
  });

  it('authentication: no SPF and no DKIM gets 550 5.7.26', () => {
    const s = baseScenario({ domains: [domain('news.example.com', { spf: false, dkim: false })] });
    const g = new GmailReceiver(s, new Topology(s, PROVIDERS), new ReplyTable(), 1, {});
    expect(g.attempt(info(), 10).enhanced).toBe('5.7.26');
  });
});

describe('Yahoo', () => {
  it('TSS04 penalty box: unexpected hourly volume boxes the IP 2 h, a repeat within 24 h 4 h; 4 boxes in 7 days -> TSS09', () => {
    const y = new YahooReceiver(scenario, topo, new ReplyTable(), 1, { mode: 'expected', pMax: 0, perConnection: 1_000_000 });
    const burst = (start: number) => {
      for (let k = 0; k < 400; k++) {
        const r = y.attempt(info({ recipient: k }), start + k);
        if (r.text.includes('[TSS04]') || r.text.includes('[TSS09]')) return { at: start + k, r };
      }
      return undefined;
    };
    const b1 = burst(0)!;
    expect(b1.r.text).toContain('[TSS04]');
    expect(y.attempt(info(), b1.at + 3600).text).toContain('[TSS04]');
    expect(y.attempt(info(), b1.at + 2 * 3600 + 60).code).not.toBe(421);
    const b2 = burst(b1.at + 3 * 3600)!;
    expect(y.attempt(info(), b2.at + 3 * 3600).text).toContain('[TSS04]'); // 4 h box on a repeat within 24 h
    burst(b2.at + 5 * 3600);
    const b4 = burst(b2.at + 30 * 3600)!;
    expect(b4.r.text).toContain('[TSS09]');
    expect(b4.r.cls).toBe('block');
  });

  it('closes a connection after 20 messages (a 421 on the 21st)', () => {
    const y = new YahooReceiver(scenario, topo, new ReplyTable(), 1, { mode: 'expected', pMax: 0 });
    y.connect(0);
    const codes = Array.from({ length: 21 }, (_, k) => y.attempt(info({ recipient: k }), 10 + k * 60).code);
    expect(codes.slice(0, 20).every((c) => c === 250)).toBe(true);
    expect(codes[20]).toBe(421);
  });
});

describe('corporate MX', () => {
  it('greylisting: the first attempt of a triplet is deferred, a retry after 300 s passes; 5 passes whitelist the client', () => {
    const c = new GenericReceiver(scenario, topo, new ReplyTable(), 1, {});
    expect(c.attempt(info({ recipient: 1 }), 0).cls).toBe('greylist');
    expect(c.attempt(info({ recipient: 1 }), 100).cls).toBe('greylist');
    expect(c.attempt(info({ recipient: 1 }), 400).code).toBe(250);
    for (let r = 2; r <= 5; r++) {
      c.attempt(info({ recipient: r }), 1000);
      expect(c.attempt(info({ recipient: r }), 1400).code).toBe(250);
    }
    expect(c.attempt(info({ recipient: 99 }), 2000).code).toBe(250); // whitelisted client
  });

  it('anvil limits: 10 connections, 100 messages a minute; DNSBL listing rejects', () => {
    const c = new GenericReceiver(scenario, topo, new ReplyTable(), 1, { greylist: false });
    for (let k = 0; k < 10; k++) expect(c.connect(0, 0)).toBeUndefined();
    expect(c.connect(0, 0)?.cls).toBe('connection-limit');
    const codes = Array.from({ length: 101 }, (_, k) => c.attempt(info({ recipient: k }), 60).code);
    expect(codes.filter((x) => x === 250).length).toBe(100);
    expect(codes[100]).toBe(450);
    const listed = new GenericReceiver(scenario, topo, new ReplyTable(), 1, { dnsblListed: true });
    expect(listed.attempt(info(), 5).text).toContain('zen.spamhaus.org');
  });
});

describe('Microsoft 365 tenants and the registry', () => {
  it('M365 reuses the Microsoft model with its own state and EOP texts', () => {
    const rs = defaultReceivers({ scenario, topo, replies: new ReplyTable(), seed: 3 });
    expect(rs.map((r) => r.name)).toEqual(['microsoft', 'gmail', 'yahoo', 'corporate', 'm365']);
    const m365 = rs[4] as MicrosoftReceiver;
    const ms = rs[0] as MicrosoftReceiver;
    expect(m365).not.toBe(ms);
    let text = '';
    for (let k = 0; k < 100 && text === ''; k++) {
      const r = m365.attempt(info({ recipient: k }), 10);
      if (r.temporary) text = r.text;
    }
    expect(text).toBe('451 4.7.550 Access denied, please try again later');
    expect(ms.attempt(info(), 10).code).toBe(250); // Outlook.com state untouched by the tenant's burst
  });

  it('every parameter has a default, a doc line and an evidence label; overrides are checked', () => {
    for (const [k, d] of Object.entries(MICROSOFT_PARAMS)) {
      expect(d.doc.length, k).toBeGreaterThan(5);
      expect(d.evidence, k).toMatch(/^\[/);
    }
    expect(resolveParams(MICROSOFT_PARAMS, { F0: 30 }).F0).toBe(30);
    expect(() => resolveParams(MICROSOFT_PARAMS, { F00: 30 }, 'receivers.microsoft')).toThrow(/receivers.microsoft.F00: unknown parameter/);
    expect(() => resolveParams(MICROSOFT_PARAMS, { F0: 'x' })).toThrow(/expected a number/);
  });

  it('resolveParams: every default exactly (Infinity too), in table order, overrides applied, a fresh object per call', () => {
    const table = {
      a: { default: 2, doc: 'a number', evidence: '[model]' },
      b: { default: Infinity, doc: 'no limit', evidence: '[model]' },
      c: { default: 'x', doc: 'a text', evidence: '[model]' },
      d: { default: true, doc: 'a switch', evidence: '[model]' },
      e: { default: 0.25, doc: 'a fraction', evidence: '[model]' },
    };
    const p = resolveParams(table, { e: 0.5, a: 3 });
    expect(Object.entries(p)).toEqual([
      ['a', 3],
      ['b', Infinity],
      ['c', 'x'],
      ['d', true],
      ['e', 0.5],
    ]);
    const q = resolveParams(table);
    expect(q).toEqual({ a: 2, b: Infinity, c: 'x', d: true, e: 0.25 });
    p.a = 99;
    expect(resolveParams(table).a).toBe(2);
    expect(q.a).toBe(2);
    const ms = resolveParams(MICROSOFT_PARAMS);
    expect(Object.keys(ms)).toEqual(Object.keys(MICROSOFT_PARAMS));
    for (const [k, d] of Object.entries(MICROSOFT_PARAMS)) expect(ms[k as keyof typeof ms], k).toBe(d.default);
  });
});
