/**
 * One contract suite for every provider plug-in's receiver (a new provider cannot skip it): the
 * same seed gives the same replies; every reply is a valid SMTP reply of a known class; the
 * permissive parameters accept everything a clean sender sends; reply texts are the provider's
 * templates with only the IP and a domain filled in (hidden state never leaks into them); and
 * complaints never make a receiver accept more.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { PROVIDERS } from '../../src/providers/registry.ts';
import type { ProviderDefinition } from '../../src/providers/provider.ts';
import { Topology } from '../../src/spec/topology.ts';
import { ReplyTable, type Reply } from '../../src/smtp/reply.ts';
import { REPLY_CLASSES } from '../../src/smtp/classes.ts';
import { classify } from '../../src/smtp/classifier.ts';
import { MS_TEXTS, M365_TEXTS, GMAIL_TEXTS, YAHOO_TEXTS, GENERIC_TEXTS, fill } from '../../src/smtp/texts.ts';
import { REACTION } from '../../src/contracts/observations.ts';
import type { AttemptInfo, Receiver } from '../../src/contracts/receiver.ts';
import { baseScenario, DEFAULT_AUDIENCE } from '../../src/scenario/defaults.ts';
import { fcParams } from '../support/fc-config.ts';

const scenario = baseScenario({ duration: 6 * 86400, audience: { ...DEFAULT_AUDIENCE, corporateDomains: 3, m365Tenants: 2 } });
const topo = new Topology(scenario, PROVIDERS);

function make(
  def: ProviderDefinition,
  seed: number,
  overrides: Readonly<Record<string, unknown>> = {},
): { r: Receiver; replies: ReplyTable } {
  const replies = new ReplyTable();
  return { r: def.create({ scenario, topo, replies, seed }, seed, overrides), replies };
}

/** A site of the provider (its first), and attempts to it. */
function siteOf(def: ProviderDefinition): number {
  const p = topo.providers.indexOf(def.name);
  return topo.sites.findIndex((s) => s.provider === p);
}
const attempt = (o: Partial<AttemptInfo>): AttemptInfo => ({
  ip: 0,
  net: 0,
  site: 0,
  sendDomain: 0,
  recipient: 1,
  unknownUser: false,
  trap: false,
  stream: 0,
  attemptNo: 1,
  tag: 1,
  ...o,
});

/** One step of a random drive: an attempt, a reaction, or a connection opened or closed. */
const step = fc.record({
  dt: fc.integer({ min: 0, max: 900 }),
  kind: fc.constantFrom('attempt', 'attempt', 'attempt', 'engage', 'complaint', 'inactive', 'connect', 'disconnect', 'hour'),
  ip: fc.integer({ min: 0, max: 1 }),
  rcpt: fc.integer({ min: 0, max: 5000 }),
  unknown: fc.boolean(),
  trap: fc.double({ min: 0, max: 1, noNaN: true }),
});

function drive(def: ProviderDefinition, seed: number, steps: readonly StepValue[]): { out: string[]; replies: Reply[] } {
  const { r } = make(def, seed);
  const site = siteOf(def);
  const out: string[] = [];
  const replies: Reply[] = [];
  let now = 0,
    hour = 0,
    tag = 0;
  for (const s of steps) {
    now += s.dt;
    while ((hour + 1) * 3600 <= now) {
      r.onHour?.(hour, (hour + 1) * 3600);
      hour++;
    }
    if (s.kind === 'attempt') {
      const rep = r.attempt(
        attempt({ ip: s.ip, net: topo.ips[s.ip]!.net, site, recipient: s.rcpt, unknownUser: s.unknown, trap: s.trap < 0.01, tag: ++tag }),
        now,
      );
      replies.push(rep);
      out.push(`${now} a ${rep.text} ${rep.code === 250 ? r.lastJunk : ''}`);
    } else if (s.kind === 'connect') {
      const rep = r.connect(s.ip, site, now);
      if (rep) replies.push(rep);
      out.push(`${now} c ${rep?.text ?? 'ok'}`);
    } else if (s.kind === 'disconnect') r.disconnect(s.ip, site, now);
    else if (s.kind === 'hour') continue;
    else
      out.push(
        `${now} r ${r.react(s.kind === 'engage' ? REACTION.engage : s.kind === 'complaint' ? REACTION.complaint : REACTION.inactive, s.ip, 0, s.rcpt, now)}`,
      );
  }
  return { out, replies };
}
type StepValue = { dt: number; kind: string; ip: number; rcpt: number; unknown: boolean; trap: number };

/** Every text a receiver may send: the template tables with the scenario's IPs and some domain filled in. */
const ALLOWED = (() => {
  const templates = [MS_TEXTS, M365_TEXTS, GMAIL_TEXTS, YAHOO_TEXTS, GENERIC_TEXTS].flatMap((t) => Object.values(t) as string[]);
  const domains = ['', 'example.org', ...scenario.domains.map((d) => d.name), ...topo.recipientDomains.map((d) => d.name)];
  return new Set(templates.flatMap((t) => topo.ips.flatMap((ip) => domains.map((d) => fill(t, ip.address, d)))));
})();

describe.each(PROVIDERS.map((d) => [d.name, d] as const))('receiver contract: %s', (_name, def) => {
  it('same seed, same inputs: the same replies and placements', () => {
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 300 }), fc.integer({ min: 1, max: 2 ** 31 - 1 }), (steps, seed) => {
        expect(drive(def, seed, steps).out).toEqual(drive(def, seed, steps).out);
      }),
      fcParams(40),
    );
  });

  it('every reply is valid SMTP of a known class, with a provider template text (no hidden state in it)', () => {
    fc.assert(
      fc.property(fc.array(step, { minLength: 50, maxLength: 600 }), fc.integer({ min: 1, max: 1000 }), (steps, seed) => {
        for (const rep of drive(def, seed, steps).replies) {
          expect(rep.code).toBeGreaterThanOrEqual(200);
          expect(rep.code).toBeLessThan(600);
          expect(rep.text.startsWith(String(rep.code))).toBe(true);
          expect(rep.temporary).toBe(rep.code >= 400 && rep.code < 500);
          expect(REPLY_CLASSES).toContain(rep.cls);
          expect(rep.cls).toBe(classify(rep.text));
          if (rep.enhanced !== '') expect(rep.enhanced[0]).toBe(String(rep.code)[0]);
          expect(ALLOWED.has(rep.text), rep.text).toBe(true);
        }
      }),
      fcParams(30),
    );
  });

  it('the permissive parameters accept every attempt of a clean sender (bursts, many connections)', () => {
    const { r } = make(def, 5, def.permissive);
    const site = siteOf(def);
    for (let c = 0; c < 50; c++) expect(r.connect(c % 2, site, 10)).toBeUndefined();
    let accepted = 0;
    for (let k = 0; k < 5000; k++)
      if (r.attempt(attempt({ ip: k % 2, net: topo.ips[k % 2]!.net, site, recipient: k, tag: k + 1 }), 10 + k * 0.01).code === 250)
        accepted++;
    expect(accepted).toBe(5000);
  });

  it('complaints never make it accept more (dose-response over 0, 10, 40 complaints)', () => {
    const accepted = [0, 10, 40].map((complaints) => {
      const { r } = make(def, 9, { mode: 'expected' });
      const site = siteOf(def);
      let t = 0;
      for (let k = 0; k < 300; k++) r.attempt(attempt({ site, recipient: k, tag: k + 1 }), (t += 60));
      // the same clock in every branch: 40 reaction slots, `complaints` of them used
      for (let k = 0; k < 40; k++) if ((t += 30) && k < complaints) r.react(REACTION.complaint, 0, 0, k, t);
      let ok = 0;
      for (let k = 0; k < 400; k++)
        if (r.attempt(attempt({ site, recipient: 1000 + k, tag: 1000 + k }), (t += 30)).code === 250 && !r.lastJunk) ok++;
      return ok;
    });
    expect(accepted[1]).toBeLessThanOrEqual(accepted[0]!);
    expect(accepted[2]).toBeLessThanOrEqual(accepted[1]!);
  });
});
