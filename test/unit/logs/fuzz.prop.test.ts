/**
 * Reader fuzzing: garbage lines (any strings, binary, JSON-ish, CSV-ish) and valid lines cut at
 * random places never make a reader throw; every line is accounted for (a record, an ignored
 * line or a bad line), and a bad line is counted with its reason.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  kumoRecord,
  pmtaRecord,
  postfixLines,
  readArfFeed,
  readComplaintCsv,
  readKumoLog,
  readPostfixLog,
  readPowerMtaLog,
  readSnds,
  ACCT_HEADER,
  type Attempt,
  type LogSummary,
} from '../../../src/logs/index.ts';
import { fcParams } from '../../support/fc-config.ts';

const a: Attempt = {
  time: 1796112001,
  messageId: '4ABC123DEF',
  recipient: 'a@hotmail.com',
  sender: 'b@news.example.com',
  sourceIp: '192.0.2.1',
  pool: 'warmup',
  source: 'ip1',
  mxHost: 'mx.olc.protection.outlook.com',
  mxIp: '52.101.0.1',
  code: 451,
  enhanced: '4.7.650',
  text: '451 4.7.650 The mail server [192.0.2.1] has been temporarily rate limited due to IP reputation, "quoted" (S775)',
  command: 'MAIL FROM',
  attempt: 2,
  injectedAt: 1796110000,
  outcome: 'deferred',
  size: 2000,
};
const valid = {
  kumomta: [kumoRecord(a), kumoRecord({ ...a, outcome: 'delivered', code: 250, enhanced: '2.0.0', text: '250 2.0.0 OK' })],
  powermta: [pmtaRecord(a), pmtaRecord({ ...a, outcome: 'bounced', code: 550, enhanced: '5.1.1', text: '550 5.1.1 no such user' })],
  postfix: [
    ...postfixLines(a),
    ...postfixLines({ ...a, outcome: 'delivered', code: 250, enhanced: '2.0.0', text: '250 2.0.0 OK' }, { timestamps: 'rfc3339' }),
  ],
};

const noise = fc.oneof(
  fc.string({ maxLength: 300 }),
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.json({ maxDepth: 3 }),
  fc
    .array(fc.oneof(fc.string({ maxLength: 10 }), fc.constant('"'), fc.constant('d'), fc.constant('t')), { maxLength: 30 })
    .map((xs) => xs.join(',')),
  fc.constantFrom(
    'Dec  1 08:00:01 h postfix/smtp[1]: ABCDEF: to=<',
    'Feb 30 08:00:01 h postfix/qmgr[1]: ABCDEF: from=<x>, status=expired',
    '{"type":"Delivery","timestamp":1e400}',
    '{"type":"Feedback","timestamp":1,"feedback_report":[]}',
  ),
);
const cut = (lines: string[]) =>
  fc.tuple(fc.constantFrom(...lines), fc.double({ min: 0, max: 1, noNaN: true })).map(([l, f]) => l.slice(0, Math.floor(l.length * f)));
const file = (lines: string[]) =>
  fc.array(fc.oneof(noise, cut(lines), fc.constantFrom(...lines)), { maxLength: 40 }).map((ls) => ls.map((l) => l.replace(/[\r\n]/g, ' ')));

function accounted(s: LogSummary, lines: number, exact: boolean): void {
  const seen = s.records + s.bad + s.ignored + s.internal;
  if (exact) expect(seen).toBe(lines);
  else expect(seen).toBeGreaterThanOrEqual(lines);
  expect(s.badSamples.length).toBe(Math.min(s.bad, 10));
  for (const b of s.badSamples) expect(b.reason.length).toBeGreaterThan(0);
}

describe('readers never throw on bad lines (property)', () => {
  it('KumoMTA', async () => {
    await fc.assert(
      fc.asyncProperty(file(valid.kumomta), async (ls) => {
        const s = await readKumoLog(Buffer.from(ls.join('\n')), () => {});
        // an empty last segment is no line: 'a\n' is one line, '' none
        expect(s.lines).toBe(ls.length - (ls.at(-1) === '' ? 1 : 0));
        accounted(s, s.lines, false);
      }),
      fcParams(150),
    );
  });

  it('PowerMTA', async () => {
    await fc.assert(
      fc.asyncProperty(file(valid.powermta), async (ls) => {
        const s = await readPowerMtaLog(Buffer.from([ACCT_HEADER, ...ls].join('\n')), () => {});
        accounted(s, s.lines, true);
      }),
      fcParams(150),
    );
  });

  it('Postfix', async () => {
    await fc.assert(
      fc.asyncProperty(file(valid.postfix), async (ls) => {
        const s = await readPostfixLog(Buffer.from(ls.join('\n')), () => {}, { year: 2026 });
        accounted(s, s.lines, true);
      }),
      fcParams(150),
    );
  });

  it('complaint feeds and SNDS', async () => {
    await fc.assert(
      fc.asyncProperty(
        file([
          '2026-12-01T08:00:01Z,192.0.2.1,a@hotmail.com',
          '1.1.1.0,12/31/2019 8:00 AM,9/29/2020 9:00 PM,1,1,1,GREEN,< 0.1%,,,0,,,',
          'Feedback-Type: abuse',
          'Source-IP: 192.0.2.1',
          'From x Tue Dec  1 08:00:00 2026',
          '',
        ]),
        async (ls) => {
          const text = Buffer.from(ls.join('\n'));
          accounted(await readComplaintCsv(text, () => {}), 0, false);
          accounted(await readArfFeed(text, () => {}), 0, false);
          accounted(await readSnds(text, () => {}), 0, false);
        },
      ),
      fcParams(150),
    );
  });
});
