import { describe, expect, it } from 'vitest';
import { ConnectionTable } from '../../../src/mail/connection-table.ts';

describe('ConnectionTable', () => {
  it('hands out fresh ids in order, reuses released ids last-in first-out, and keeps both across growth', () => {
    const t = new ConnectionTable();
    const ids = Array.from({ length: 100 }, (_, i) => t.alloc(i)); // past the initial 64: grows
    expect(ids).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(t.path[99]).toBe(99);
    t.release(3);
    t.release(70);
    t.release(5);
    expect([t.alloc(7), t.alloc(8), t.alloc(9), t.alloc(10)]).toEqual([5, 70, 3, 100]);
    expect([t.path[5], t.path[70], t.path[3], t.path[100]]).toEqual([7, 8, 9, 10]);
  });

  it('resets a reused id: not open, not idle, nothing sent', () => {
    const t = new ConnectionTable();
    const c = t.alloc(1);
    t.open[c] = 1;
    t.sent[c] = 9;
    t.idle[c] = 1;
    t.release(c);
    expect(t.idle[c]).toBe(0);
    expect(t.alloc(2)).toBe(c);
    expect([t.open[c], t.sent[c], t.idle[c], t.path[c]]).toEqual([0, 0, 0, 2]);
  });

  it('a release of every id after growth, then as many allocations, gives the same ids back', () => {
    const t = new ConnectionTable();
    for (let i = 0; i < 300; i++) t.alloc(0);
    for (let c = 0; c < 300; c++) t.release(c);
    const back = Array.from({ length: 300 }, () => t.alloc(0));
    expect(back).toEqual(Array.from({ length: 300 }, (_, i) => 299 - i));
    expect(t.alloc(0)).toBe(300);
  });
});
