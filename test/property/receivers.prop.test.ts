/**
 * Receiver-level monotonicity: for one and the same stream of mail and reactions, more complaints
 * never leave Microsoft's hidden trust higher. This is the model's claim; at the scenario level it
 * does not hold trace by trace, because a complaint also suppresses its recipient and lowers trust,
 * which changes what is sent afterwards (see the note in scenarios.prop.test.ts).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MicrosoftReceiver } from '../../src/receivers/microsoft.ts';
import { Topology } from '../../src/spec/topology.ts';
import { ReplyTable } from '../../src/smtp/reply.ts';
import type { AttemptInfo } from '../../src/contracts/receiver.ts';
import { REACTION } from '../../src/contracts/observations.ts';
import { ip, msScenario, offer, warmed } from '../support/ms.ts';
import { fcParams } from '../support/fc-config.ts';
import { PROVIDERS } from '../../src/providers/registry.ts';

const KINDS = ['attempt', 'engage', 'inactive', 'complaint'] as const;
const step = fc.record({
  dt: fc.integer({ min: 0, max: 7200 }),
  kind: fc.constantFrom(...KINDS),
  ip: fc.integer({ min: 0, max: 1 }),
  extraComplaint: fc.boolean(),
});

describe('Microsoft receiver properties', () => {
  it('more complaints on the same trace never raise hidden trust (IP, /24 and domain evidence)', () => {
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 300 }), fc.boolean(), (trace, prewarmed) => {
        const s = msScenario({
          days: 3,
          streams: [offer(0)],
          ips: [ip('192.0.2.10', prewarmed ? warmed(200) : undefined), ip('192.0.2.11')],
        });
        const make = () => new MicrosoftReceiver('microsoft', s, new Topology(s, PROVIDERS), new ReplyTable(), 7, { mode: 'expected' });
        const lo = make(),
          hi = make();
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
        let now = 0;
        for (const st of trace) {
          now += st.dt;
          for (const r of [lo, hi]) {
            if (st.kind === 'attempt') r.attempt({ ...a, ip: st.ip }, now);
            else
              r.react(
                st.kind === 'engage' ? REACTION.engage : st.kind === 'inactive' ? REACTION.inactive : REACTION.complaint,
                st.ip,
                0,
                1,
                now,
              );
          }
          if (st.extraComplaint) hi.react(REACTION.complaint, st.ip, 0, 1, now);
        }
        for (let i = 0; i < 2; i++) {
          const tLo = lo.derive(i, 0, 0, now).tEff;
          const tHi = hi.derive(i, 0, 0, now).tEff;
          expect(tHi).toBeLessThanOrEqual(tLo + 1e-12);
        }
      }),
      fcParams(100),
    );
  });
});
