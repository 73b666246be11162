import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  civilFromDays,
  daysFromCivil,
  isoTime,
  parseRfc5322,
  parseTimestamp,
  pmtaTime,
  rfc3339Micro,
  rfc5322Time,
  syslogTime,
} from '../../../src/logs/time.ts';
import { fcParams } from '../../support/fc-config.ts';

const T = 1_796_112_001; // 2026-12-01T08:00:01Z

describe('log timestamps', () => {
  it.each([
    ['2026-12-01T08:00:01Z', T],
    ['2026-12-01T08:00:01.5Z', T + 0.5],
    ['2026-12-01T08:00:01+00:00', T],
    ['2026-12-01T09:00:01+01:00', T],
    ['2026-12-01T03:00:01-05:00', T],
    ['2026-12-01 08:00:01-0000', T],
    ['2026-12-01 13:30:01+0530', T],
    ['2026-12-01 08:00:01 +0000', T],
    ['2026-12-01 08:00:01', T],
    ['2026-12-01T08:00:01.123456+00:00 host postfix/smtp[1]: x', T + 0.123456],
    ['1796112001', T],
    ['1796112001.25', T + 0.25],
  ])('%s', (text, t) => {
    expect(parseTimestamp(text)).toBeCloseTo(t, 6);
  });

  it.each(['', 'yesterday', '2026-13-01T00:00:00Z', '2026-12-32 00:00:00', '2026-12-01T25:00:00Z', '12/01/2026', '17961120011234'])(
    'rejects %j',
    (text) => {
      expect(parseTimestamp(text)).toBeNaN();
    },
  );

  it.each([
    ['Tue, 01 Dec 2026 08:00:01 +0000', T],
    ['1 Dec 2026 08:00:01 GMT', T],
    ['Tue, 1 Dec 2026 03:00:01 EST', T],
    ['Tue, 1 Dec 2026 00:00:01 PST', T],
    ['Tue, 01 Dec 2026 09:00 +0100', T - 1],
    ['Thu, 8 Mar 2005 14:00:00 EDT', daysFromCivil(2005, 3, 8) * 86400 + 18 * 3600],
  ])('RFC 5322 %s', (text, t) => {
    expect(parseRfc5322(text)).toBe(t);
  });

  it('writes each format', () => {
    expect([isoTime(T), pmtaTime(T), syslogTime(T), syslogTime(T + 10 * 86400), rfc3339Micro(T + 0.25), rfc5322Time(T)]).toEqual([
      '2026-12-01T08:00:01Z',
      '2026-12-01 08:00:01+0000',
      'Dec  1 08:00:01',
      'Dec 11 08:00:01',
      '2026-12-01T08:00:01.250000+00:00',
      'Tue, 01 Dec 2026 08:00:01 +0000',
    ]);
  });

  it('civil dates round-trip and agree with Date.UTC (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -600_000, max: 800_000 }), (days) => {
        const [y, m, d] = civilFromDays(days);
        expect(daysFromCivil(y, m, d)).toBe(days);
        expect(Date.UTC(y, m - 1, d) / 86_400_000).toBe(days);
      }),
      fcParams(500),
    );
  });

  it('what we write we read (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4_000_000_000 }), (t) => {
        expect(parseTimestamp(pmtaTime(t))).toBe(t);
        expect(parseTimestamp(isoTime(t))).toBe(t);
        expect(parseRfc5322(rfc5322Time(t))).toBe(t);
      }),
      fcParams(300),
    );
  });
});
