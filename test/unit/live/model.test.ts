/**
 * Live mode without sockets: the model clock, address mapping, option parsing, and the stage
 * each provider's decision is answered at (Outlook at MAIL FROM, Gmail at RCPT / after DATA).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ModelClock } from '../../../src/live/clock.ts';
import { AddressMap, parseMap } from '../../../src/live/address-map.ts';
import { isLoopback, parseListen, parseScale } from '../../../src/live/options.ts';
import { LiveModel, RELAY_DENIED } from '../../../src/live/model.ts';
import { Recipients } from '../../../src/live/recipients.ts';
import { fromDomain } from '../../../src/live/server.ts';
import { liveScenario } from '../../support/live.ts';

describe('model clock', () => {
  it.each([
    [1, 1000, 1],
    [60, 1000, 60],
    [3600, 2500, 9000],
  ])('scale %d: %d wall ms -> %d model s', (scale, ms, model) => {
    let wall = 5000;
    const c = new ModelClock(scale, 0, () => wall);
    wall += ms;
    expect(c.now()).toBeCloseTo(model, 9);
    expect(c.wallMsUntil(model + scale)).toBeCloseTo(1000, 6);
  });

  it('never goes backwards and refuses scales outside 1..3600', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -1000, max: 1000 }), { maxLength: 50 }), (steps) => {
        let wall = 0;
        const c = new ModelClock(10, 0, () => wall);
        let last = c.now();
        for (const s of steps) {
          wall += s;
          const t = c.now();
          if (t < last) return false;
          last = t;
        }
        return true;
      }),
    );
    expect(() => new ModelClock(0.5)).toThrow(/between 1 and 3600/);
    expect(() => new ModelClock(3601)).toThrow(/between 1 and 3600/);
  });
});

describe('address map', () => {
  it('explicit pairs first, the rest in order of first appearance, -1 beyond the scenario IPs', () => {
    const m = new AddressMap(['192.0.2.10', '192.0.2.11', '192.0.2.20'], parseMap('127.0.0.9=192.0.2.11'));
    expect(['::ffff:127.0.0.5', '127.0.0.9', '127.0.0.3', '127.0.0.5', '127.0.0.4'].map((a) => m.ipOf(a))).toEqual([0, 1, 2, 0, -1]);
    expect(() => parseMap('127.0.0.2:192.0.2.1')).toThrow(/is not CLIENT=SCENARIO_IP/);
    expect(() => new AddressMap(['192.0.2.10'], [['127.0.0.2', '192.0.2.99']])).toThrow(/not one of the scenario's IPs/);
  });
});

describe('options', () => {
  it.each([
    ['127.0.0.1:2525', { provider: 'microsoft', host: '127.0.0.1', port: 2525 }],
    ['gmail=127.0.0.1:2526', { provider: 'gmail', host: '127.0.0.1', port: 2526 }],
    ['[::1]:25', { provider: 'microsoft', host: '::1', port: 25 }],
    ['localhost:0', { provider: 'microsoft', host: 'localhost', port: 0 }],
  ])('%s', (text, spec) => expect(parseListen(text, false)).toEqual(spec));

  it.each([
    ['0.0.0.0:2525', /not a loopback address.*--allow-remote/],
    ['192.0.2.1:25', /not a loopback address/],
    ['hotmail=127.0.0.1:25', /unknown provider "hotmail"/],
    ['127.0.0.1', /is not \[provider=\]host:port/],
    ['127.0.0.1:70000', /above 65535/],
  ])('%s is refused', (text, re) => expect(() => parseListen(text, false)).toThrow(re));

  it('allows a remote address with allowRemote; loopback detection', () => {
    expect(parseListen('0.0.0.0:2525', true).host).toBe('0.0.0.0');
    expect(['127.1.2.3', '::1', '::ffff:127.0.0.1', 'localhost'].every(isLoopback)).toBe(true);
    expect(['10.0.0.1', '0.0.0.0', '::', 'example.com'].some(isLoopback)).toBe(false);
    expect(() => parseScale(0)).toThrow(/from 1 to 3600/);
  });
});

describe('decision stages', () => {
  const scenario = liveScenario();
  const gmailProvider = (m: LiveModel) => m.providerId('gmail');

  it('Gmail decides at RCPT: MAIL FROM proceeds, unknown users get 550-5.1.1 at RCPT, its verdict comes after DATA', () => {
    const m = new LiveModel({ scenario });
    expect(m.connect(1, '127.0.0.2', gmailProvider(m), 0)).toEqual({ reply: undefined });
    const verdicts: string[] = [];
    for (let i = 0; i < 20; i++) {
      expect(m.mailFrom(1, 'a@news.example.com', 1 + i)).toEqual({ reply: undefined });
      expect(m.rcptTo(1, 'x@hotmail.com', 1 + i).reply).toBe(RELAY_DENIED);
      expect(m.rcptTo(1, `someone${i}@gmail.com`, 1 + i)).toEqual({ reply: undefined });
      verdicts.push(m.dataEnd(1, 'news.example.com', 1 + i).reply!);
    }
    // an unknown user: Gmail's reputation checks come first, so it is either 550-5.1.1 at RCPT or that verdict after DATA
    expect(m.mailFrom(1, 'a@news.example.com', 25)).toEqual({ reply: undefined });
    const u = m.rcptTo(1, 'nouser@gmail.com', 25).reply;
    expect(u === undefined ? m.dataEnd(1, undefined, 25).reply : u).toMatch(
      /^(550-5\.1\.1 The email account that you tried to reach does not exist|421-4\.7\.0 )/,
    );
    m.close(1, 30);
    expect(m.open).toBe(0);
    // every verdict comes after DATA: the 250, or (at LOW reputation) 421-4.7.0
    const low = verdicts.filter((v) =>
      v.startsWith('421-4.7.0 [192.0.2.10] Our system has detected that this message is suspicious'),
    ).length;
    expect(verdicts.filter((v) => v === '250 2.0.0 OK - gsmtp').length + low).toBe(20);
    expect(m.counts.perIp[0]).toMatchObject({ attempts: 21, accepted: 20 - low, connections: 1 });
  });

  it('Outlook refuses a third concurrent connection of a new IP at the greeting with 451 4.7.652 (S3115)', () => {
    const m = new LiveModel({ scenario });
    const ms = m.providerId('microsoft');
    expect(m.connect(1, '127.0.0.2', ms, 0).reply).toBeUndefined();
    expect(m.connect(2, '127.0.0.2', ms, 0).reply).toBeUndefined();
    expect(m.connect(3, '127.0.0.2', ms, 0).reply).toBe(
      '451 4.7.652 The mail server [192.0.2.10] has exceeded the maximum number of connections. (S3115)',
    );
    m.close(3, 1);
    m.close(1, 1);
    expect(m.connect(4, '127.0.0.2', ms, 2).reply).toBeUndefined();
  });

  it('recipient traits are a function of the address; the From header domain is parsed', () => {
    const r = Recipients.of(scenario, new LiveModel({ scenario }).topo);
    expect(r.classify('Bob@Hotmail.com')).toEqual(r.classify('bob@hotmail.com'));
    expect(r.classify('trap-1@outlook.com')).toMatchObject({ trap: true, unknown: false });
    expect(r.classify('x@nowhere.example')).toMatchObject({ domain: -1, provider: -1 });
    expect(fromDomain('Subject: x\r\nFrom: "A, B" <a@News.Example.com>\r\n\r\nFrom: <z@other.example>')).toBe('news.example.com');
    expect(fromDomain('From:\r\n  a@folded.example\r\n\r\n')).toBe('folded.example');
    expect(fromDomain('Subject: none\r\n\r\n')).toBeUndefined();
  });
});
