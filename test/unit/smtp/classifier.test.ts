import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { classify, isTemporary } from '../../../src/smtp/classifier.ts';
import { ReplyTable, parseReplyLine } from '../../../src/smtp/reply.ts';
import type { ReplyClass } from '../../../src/smtp/classes.ts';

const fixture = JSON.parse(readFileSync(new URL('../../fixtures/replies.json', import.meta.url), 'utf8')) as {
  cls: ReplyClass;
  source: string;
  text: string;
}[];

describe('reply classifier on real provider replies', () => {
  it('the fixture holds at least 30 real replies', () => {
    expect(fixture.length).toBeGreaterThanOrEqual(30);
  });

  it.each(fixture.map((f) => [f.cls, f.source, f.text] as const))('%s: %s', (cls, _source, text) => {
    expect(classify(text)).toBe(cls);
  });

  it('temporariness follows the code', () => {
    expect(isTemporary('421 4.7.0 [TSS09] All messages ... permanently deferred', 'block')).toBe(true);
    expect(isTemporary('550 5.7.1 ... (S3150)', 'block')).toBe(false);
    expect(isTemporary('no code at all', 'throttle')).toBe(true);
    expect(isTemporary('no code at all', 'block')).toBe(false);
  });
});

describe('ReplyTable', () => {
  it('interns: the same text gives the same frozen object with a dense id', () => {
    const t = new ReplyTable();
    const a = t.get('451 4.7.650 The mail server [192.0.2.1] has been temporarily rate limited due to IP reputation. (S775)');
    const b = t.get('250 2.6.0 Queued mail for delivery');
    expect(t.get(a.text)).toBe(a);
    expect([a.id, b.id, t.size]).toEqual([0, 1, 2]);
    expect(a).toMatchObject({ code: 451, enhanced: '4.7.650', cls: 'throttle', temporary: true });
    expect(b).toMatchObject({ code: 250, enhanced: '2.6.0', cls: 'accepted', temporary: false });
    expect(Object.isFrozen(a)).toBe(true);
    expect(t.byId(1)).toBe(b);
  });

  it.each([
    ['421-4.7.28 [1.2.3.4 15] Our system ...', 421, '4.7.28'],
    ['550 SC-001 (BAY004) Unfortunately', 550, ''],
    ['554 delivery error: dd This user', 554, ''],
    ['garbage', 0, ''],
  ])('parseReplyLine(%s)', (text, code, enhanced) => {
    expect(parseReplyLine(text)).toEqual({ code, enhanced });
  });
});
