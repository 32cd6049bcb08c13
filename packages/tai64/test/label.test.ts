import { describe, expect, it } from '@jest/globals';
import { formatLabel, parseLabel, scanLabel, writeLabel } from '../src/label.js';
import { Tai64RangeError } from '../src/errors.js';

describe('label', () => {
  const t = { seconds: 0x400000006b06cc7fn, nanoseconds: 0x0fe125bc };

  it('formats @ + 24 lowercase hex (spec §1.5 example)', () => {
    expect(formatLabel(t)).toBe('@400000006b06cc7f0fe125bc');
    expect(formatLabel({ seconds: 0n, nanoseconds: 0 })).toBe('@000000000000000000000000');
    expect(formatLabel({ seconds: 2n ** 64n - 1n, nanoseconds: 0xffffffff })).toBe('@ffffffffffffffffffffffff');
  });

  it('writes 25 bytes in place and returns the end offset', () => {
    const out = Buffer.alloc(27, 0x2e);
    expect(writeLabel(t, out, 1)).toBe(26);
    expect(out.toString('latin1')).toBe('.@400000006b06cc7f0fe125bc.');
    expect(() => writeLabel(t, Buffer.alloc(24), 0)).toThrow(Tai64RangeError);
  });

  it('parses exactly one lowercase label, from a string or bytes', () => {
    expect(parseLabel('@400000006b06cc7f0fe125bc')).toEqual(t);
    expect(parseLabel(Buffer.from('@400000006b06cc7f0fe125bc'))).toEqual(t);
    expect(parseLabel('@ffffffffffffffffffffffff')).toEqual({ seconds: 2n ** 64n - 1n, nanoseconds: 0xffffffff });
  });

  it('returns undefined for anything else', () => {
    for (const s of ['', '@', '400000006b06cc7f0fe125bc', '@400000006B06cc7f0fe125bc', '@400000006b06cc7f0fe125b',
      '@400000006b06cc7f0fe125bc0', '@400000006b06cc7f0fe125bg', '@400000006b06cc7f0fe125b\u0100'])
      expect(parseLabel(s)).toBeUndefined();
  });

  it('scans labels as tai64nlocal reads them', () => {
    const b = (s: string) => Buffer.from(s, 'latin1');
    expect(scanLabel(b('@400000006b06cc7f0fe125bc hi'))).toEqual({ t, end: 25, digits: 24 });
    expect(scanLabel(b('x@400000006b06cc7f0fe125bcF'), 1)).toEqual({ t, end: 26, digits: 24 });
    expect(scanLabel(b('@ab400000006b06cc7f0fe125bc'))).toEqual({ t, end: 27, digits: 26 }); // leading digits overflow
    expect(scanLabel(b('@4000 x'))).toEqual({ t: { seconds: 0n, nanoseconds: 0x4000 }, end: 5, digits: 4 });
    expect(scanLabel(b('@'))).toEqual({ t: { seconds: 0n, nanoseconds: 0 }, end: 1, digits: 0 });
    expect(scanLabel(b('no label'))).toBeUndefined();
  });
});
