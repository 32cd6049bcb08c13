import { describe, expect, it } from '@jest/globals';
import { packTai64n, unpackTai64n } from '../src/pack.js';
import { Tai64FormatError, Tai64RangeError } from '../src/errors.js';

describe('packTai64n / unpackTai64n', () => {
  // spec §1.5: @400000006b06cc7f0fe125bc, written by the real tai64n on this machine
  const t = { seconds: 0x400000006b06cc7fn, nanoseconds: 0x0fe125bc };
  const golden = Buffer.from('400000006b06cc7f0fe125bc', 'hex');

  it('packs 8 bytes BE seconds then 4 bytes BE nanoseconds', () => {
    expect(packTai64n(t)).toEqual(golden);
  });

  it('packs into a given buffer at an offset', () => {
    const out = Buffer.alloc(16, 0xee);
    expect(packTai64n(t, out, 2)).toBe(out);
    expect(out.subarray(2, 14)).toEqual(golden);
    expect(out[1]).toBe(0xee);
    expect(out[14]).toBe(0xee);
  });

  it('round-trips', () => {
    expect(unpackTai64n(golden)).toEqual(t);
    const u8 = new Uint8Array(14);
    u8.set(golden, 2);
    expect(unpackTai64n(u8, 2)).toEqual(t);
  });

  it('throws typed errors', () => {
    expect(() => unpackTai64n(golden.subarray(0, 11))).toThrow(Tai64FormatError);
    expect(() => packTai64n({ seconds: -1n, nanoseconds: 0 })).toThrow(Tai64RangeError);
    expect(() => packTai64n({ seconds: 2n ** 64n, nanoseconds: 0 })).toThrow(Tai64RangeError);
    expect(() => packTai64n({ seconds: 0n, nanoseconds: 2 ** 32 })).toThrow(Tai64RangeError);
    expect(() => packTai64n(t, Buffer.alloc(12), 1)).toThrow(Tai64RangeError);
  });
});
