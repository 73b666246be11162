import { describe, expect, it } from 'vitest';
import { DEFAULT_PROVIDERS, ProviderMap } from '../../../src/logs/index.ts';

describe('recipient domain -> provider', () => {
  const map = new ProviderMap();
  it.each([
    ['hotmail.com', 'microsoft'],
    ['hotmail.co.uk', 'microsoft'],
    ['hotmail.fr', 'microsoft'],
    ['outlook.com', 'microsoft'],
    ['outlook.de', 'microsoft'],
    ['live.com', 'microsoft'],
    ['live.com.au', 'microsoft'],
    ['msn.com', 'microsoft'],
    ['windowslive.com', 'microsoft'],
    ['passport.com', 'microsoft'],
    ['gmail.com', 'gmail'],
    ['googlemail.com', 'gmail'],
    ['yahoo.com', 'yahoo'],
    ['yahoo.co.jp', 'yahoo'],
    ['aol.com', 'yahoo'],
    ['ymail.com', 'yahoo'],
    ['rocketmail.com', 'yahoo'],
    ['example.com', 'corporate'],
    ['outlook.example.com', 'corporate'],
    ['hotmail.example', 'corporate'],
    ['mail.live.com', 'corporate'],
    ['', ''],
  ])('%s -> %s', (domain, provider) => {
    expect(map.of(domain)).toBe(provider);
  });

  it('places unknown domains by their MX host', () => {
    expect(map.of('contoso.com', 'contoso-com.mail.protection.outlook.com')).toBe('m365');
    expect(map.of('partner.example', 'partner-example.olc.protection.outlook.com.')).toBe('microsoft');
    expect(map.of('contoso.com', 'mx.contoso.com')).toBe('corporate');
    expect(map.of('gmail.com', 'mx.contoso.com')).toBe('gmail');
  });

  it('takes a table of its own', () => {
    const mine = new ProviderMap({ ...DEFAULT_PROVIDERS, domains: { 'orange.fr': 'orange' }, labels: {}, fallback: 'other' });
    expect([mine.of('orange.fr'), mine.of('gmail.com'), mine.of('hotmail.com')]).toEqual(['orange', 'other', 'other']);
  });
});
