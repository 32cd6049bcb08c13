import { describe, expect, it } from '@jest/globals';
import { TAI64_OFFSET } from '../src/constants.js';
import { Tai64RangeError } from '../src/errors.js';
import { tai64nFromUnix, tai64nToUnixSeconds } from '../src/tai64n.js';

describe('tai64nFromUnix / tai64nToUnixSeconds', () => {
  it('uses daemontools offset 2^62 + 10 (tai_unix)', () => {
    expect(TAI64_OFFSET).toBe(4611686018427387914n);
    expect(tai64nFromUnix(0)).toEqual({ seconds: 0x400000000000000an, nanoseconds: 0 });
    expect(tai64nFromUnix(1795607669, 266413500)).toEqual({ seconds: 0x400000006b06cc7fn, nanoseconds: 266413500 });
    expect(tai64nFromUnix(-10n)).toEqual({ seconds: 2n ** 62n, nanoseconds: 0 });
  });

  it('round-trips', () => {
    expect(tai64nToUnixSeconds(tai64nFromUnix(1795607669n))).toBe(1795607669n);
    expect(tai64nToUnixSeconds(tai64nFromUnix(-5))).toBe(-5n);
  });

  it('rejects values TAI64N cannot hold', () => {
    expect(() => tai64nFromUnix(1.5)).toThrow(Tai64RangeError);
    expect(() => tai64nFromUnix(0, 1e9)).toThrow(Tai64RangeError);
    expect(() => tai64nFromUnix(0, -1)).toThrow(Tai64RangeError);
    expect(() => tai64nFromUnix(-(2n ** 63n))).toThrow(Tai64RangeError);
  });
});
