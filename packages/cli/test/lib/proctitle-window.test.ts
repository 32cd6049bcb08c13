import { describe, expect, it } from '@jest/globals';
import { shiftIn } from '../../src/lib/proctitle-window.js';

// The reference: readproctitle.c's loop, one byte at a time.
function byByte(window: Buffer, chunk: Buffer): void {
  for (const ch of chunk) {
    if (ch === 0) continue;
    for (let i = 4; i < window.length; i++) window[i - 1] = window[i]!;
    window[window.length - 1] = ch;
  }
}

describe('shiftIn (readproctitle.c)', () => {
  it('fills from the right, the first three dots staying', () => {
    const w = Buffer.from('........');
    expect(shiftIn(w, Buffer.from('ab'))).toBe(true);
    expect(w.toString('latin1')).toBe('......ab');
    shiftIn(w, Buffer.from('cdefgh'));
    expect(w.toString('latin1')).toBe('...defgh');
  });
  it('skips NUL bytes; a chunk of only NULs changes nothing', () => {
    const w = Buffer.from('.....');
    expect(shiftIn(w, Buffer.from([0, 0]))).toBe(false);
    expect(w.toString('latin1')).toBe('.....');
    shiftIn(w, Buffer.from([0x61, 0, 0x62]));
    expect(w.toString('latin1')).toBe('...ab');
  });
  it('agrees with the byte loop over chunks of every size', () => {
    const input = Buffer.from(Array.from({ length: 200 }, (_, i) => (i % 7 === 0 ? 0 : 32 + ((i * 31) % 90))));
    for (const len of [5, 6, 9, 40]) {
      for (const step of [1, 2, 3, 7, 50, 200]) {
        const a = Buffer.alloc(len, '.');
        const b = Buffer.alloc(len, '.');
        for (let off = 0; off < input.length; off += step) {
          const chunk = input.subarray(off, off + step);
          shiftIn(a, chunk);
          byByte(b, chunk);
          expect(a.toString('latin1')).toBe(b.toString('latin1'));
        }
      }
    }
  });
});
