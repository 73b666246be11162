import { describe, expect, it } from 'vitest';
import { ProviderAdvice } from '../../../src/policies/support/provider-advice.ts';
import type { MtaControl } from '../../../src/contracts/policy.ts';
import type { ThrottleSpec } from '../../../src/spec/throttle.ts';
import { ReplyTable } from '../../../src/smtp/reply.ts';
import { GMAIL_TEXTS, YAHOO_TEXTS, GENERIC_TEXTS, M365_TEXTS, fill } from '../../../src/smtp/texts.ts';

const PROVIDERS = ['microsoft', 'gmail', 'yahoo', 'corporate', 'm365'];
const IPS = 2;

/** Paths: ip * 5 + provider (one site per provider). Records what the advice asks of the MTA. */
function fakeMta() {
  const suspended = new Float64Array(IPS * PROVIDERS.length);
  const connections = new Map<number, number>();
  const perConnection = new Map<number, number>();
  const rates = new Map<number, ThrottleSpec | undefined>();
  const mta = {
    providers: PROVIDERS,
    pathCount: IPS * PROVIDERS.length,
    pathProvider: (path: number) => path % PROVIDERS.length,
    pathIp: (path: number) => Math.floor(path / PROVIDERS.length),
    suspendPath: (path: number, until: number) => void (suspended[path] = until),
    suspendedUntil: (path: number) => suspended[path]!,
    setPathConnections: (path: number, n: number) => void connections.set(path, n),
    setPathPerConnection: (path: number, n: number) => void perConnection.set(path, n),
    setPathRate: (path: number, spec: ThrottleSpec | undefined, slot?: number) => {
      expect(slot).toBe(1);
      rates.set(path, spec);
    },
  } as unknown as MtaControl;
  return { mta, suspended, connections, perConnection, rates };
}

const path = (ip: number, provider: string) => ip * PROVIDERS.length + PROVIDERS.indexOf(provider);
const replies = new ReplyTable();
const ok = replies.get('250 2.0.0 OK - gsmtp');
const gmailIpRate = replies.get(fill(GMAIL_TEXTS.unusualRateIp, '192.0.2.1'));
const gmailDomainRate = replies.get(fill(GMAIL_TEXTS.unusualRateDomain, '', 'news.example.com'));
const gmailLowRep = replies.get(fill(GMAIL_TEXTS.lowIpReputation, '192.0.2.1'));
const yahooBox = replies.get(fill(YAHOO_TEXTS.deferred, '192.0.2.1'));
const yahooPermanent = replies.get(fill(YAHOO_TEXTS.permanent, '192.0.2.1'));
const tooManyConnections = replies.get(fill(GENERIC_TEXTS.tooManyConnections, '192.0.2.1'));
const m365Rate = replies.get(M365_TEXTS.rateLimited);
const T0 = 10_000;

describe('provider advice (seed-playbook, providers other than Outlook.com)', () => {
  const setup = () => {
    const f = fakeMta();
    return { ...f, advice: new ProviderAdvice(f.mta, () => 10, 1800) };
  };

  it('covers Gmail, Yahoo, corporate MXs and M365, not Outlook.com; Yahoo closes connections after 20', () => {
    const { advice, perConnection } = setup();
    expect(PROVIDERS.map((_, p) => advice.covers(p))).toEqual([false, true, true, true, true]);
    expect([...perConnection]).toEqual([
      [path(0, 'yahoo'), 20],
      [path(1, 'yahoo'), 20],
    ]);
  });

  it.each([
    // reply, provider, pause (s), retry delay (s; -1: the MTA's schedule)
    ['Gmail 421 4.7.28 (IP)', gmailIpRate, 'gmail', 600, -1],
    ['Yahoo 421 [TSS04]', yahooBox, 'yahoo', 7200, 14_400],
    ['Yahoo 421 [TSS09] permanently deferred', yahooPermanent, 'yahoo', 14_400, -1],
    ['M365 451 4.7.550', m365Rate, 'm365', 1800, -1],
  ] as const)('%s pauses the path for the advised time, one connection after it', (_name, reply, provider, pause, retry) => {
    const { advice, suspended, connections } = setup();
    const p = path(0, provider);
    advice.onReply(p, reply, T0);
    expect(suspended[p]).toBe(T0 + pause);
    expect(connections.get(p)).toBe(1);
    expect(suspended[path(1, provider)]).toBe(0); // the other IP keeps sending
    expect(advice.retryAt(PROVIDERS.indexOf(provider), reply, T0)).toBe(retry < 0 ? -1 : T0 + retry);
  });

  it("Gmail's domain-wide 4.7.28 pauses every IP's Gmail path; a low-reputation 4.7.0 pauses nothing", () => {
    const { advice, suspended } = setup();
    advice.onReply(path(1, 'gmail'), gmailLowRep, T0);
    expect(suspended[path(0, 'gmail')]).toBe(0);
    expect(suspended[path(1, 'gmail')]).toBe(0);
    advice.onReply(path(1, 'gmail'), gmailDomainRate, T0);
    expect(suspended[path(0, 'gmail')]).toBe(T0 + 600);
    expect(suspended[path(1, 'gmail')]).toBe(T0 + 600);
    expect(suspended[path(0, 'yahoo')]).toBe(0);
  });

  it('a connection-limit reply drops to one connection without a pause; each accepted message adds one, up to the limit', () => {
    const { advice, suspended, connections } = setup();
    const p = path(0, 'corporate');
    advice.onReply(p, tooManyConnections, T0);
    expect(suspended[p]).toBe(0);
    expect(connections.get(p)).toBe(1);
    const seen: number[] = [];
    for (let k = 0; k < 12; k++) {
      advice.onReply(p, ok, T0 + k);
      seen.push(connections.get(p)!);
    }
    expect(seen).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10, 10, 10, 10]);
  });

  it('paces at 0.7 x the accepted rate, x 0.7 of min(pace, rate used) per further limit, +25 % per used clean window (1 h Gmail, 24 h Yahoo)', () => {
    const { advice, rates } = setup();
    const g = path(0, 'gmail'),
      y = path(0, 'yahoo');
    for (let k = 0; k < 200; k++) {
      advice.onReply(g, ok, T0);
      advice.onReply(y, ok, T0);
    }
    advice.onHour(); // the previous hour: 200 accepted on each path
    advice.onReply(g, gmailIpRate, T0);
    advice.onReply(g, gmailIpRate, T0 + 1); // an in-flight reply in the same hour: no second cut
    advice.onReply(y, yahooBox, T0);
    expect(rates.get(g)?.limit).toBeCloseTo(140);
    expect(rates.get(y)?.limit).toBeCloseTo(140);
    expect(rates.get(g)?.maxBurst).toBe(1);
    // an hour using the pace: Gmail grows, Yahoo waits for 24 clean hours
    const hour = (n: number) => {
      for (let k = 0; k < n; k++) {
        advice.onReply(g, ok, T0);
        advice.onReply(y, ok, T0);
      }
      advice.onHour();
    };
    hour(0); // the hour of the limit
    hour(100);
    expect(rates.get(g)?.limit).toBeCloseTo(175);
    expect(rates.get(y)?.limit).toBeCloseTo(140);
    hour(10); // an idle hour earns no growth
    expect(rates.get(g)?.limit).toBeCloseTo(175);
    for (let h = 0; h < 23; h++) hour(100);
    expect(rates.get(y)?.limit).toBeCloseTo(175);
    // a further limit: 0.7 x the pace or the rate used, whichever is less (100/h here)
    advice.onReply(y, yahooBox, T0);
    expect(rates.get(y)?.limit).toBeCloseTo(70);
    // Gmail, used at full pace: 0.7 x the pace
    const before = rates.get(g)!.limit;
    for (let k = 0; k < 10 * before; k++) advice.onReply(g, ok, T0);
    advice.onReply(g, gmailIpRate, T0);
    expect(rates.get(g)?.limit).toBeCloseTo(0.7 * before);
  });

  it('the pace never falls under 60/h and ends past 20,000/h', () => {
    const { advice, rates } = setup();
    const g = path(1, 'gmail');
    for (let k = 0; k < 3; k++) {
      advice.onReply(g, gmailIpRate, T0);
      advice.onHour();
    }
    expect(rates.get(g)?.limit).toBe(60);
    for (let h = 0; h < 60 && rates.get(g) !== undefined; h++) {
      for (let k = 0; k < rates.get(g)!.limit; k++) advice.onReply(g, ok, T0);
      advice.onHour();
    }
    expect(rates.get(g)).toBeUndefined();
  });
});
