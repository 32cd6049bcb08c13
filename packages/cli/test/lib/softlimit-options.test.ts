import { describe, expect, it } from '@jest/globals';
import { RESOURCES_BY_OPTION, SOFTLIMIT_OPTSTRING, parseLimit, softLimitFor } from '../../src/lib/softlimit-options.js';

describe('softlimit options', () => {
  it('maps every letter of the option string to Linux resources', () => {
    const letters = SOFTLIMIT_OPTSTRING.replaceAll(':', '').split('');
    expect(letters.sort()).toEqual(Object.keys(RESOURCES_BY_OPTION).sort());
    expect(RESOURCES_BY_OPTION.m).toEqual(['data', 'stack', 'memlock', 'as']);
  });

  it('parses = and decimal numbers as scan_ulong does (empty is 0, wraps modulo 2^64)', () => {
    expect(parseLimit('=')).toEqual({ kind: 'hard' });
    expect(parseLimit('123')).toEqual({ kind: 'value', value: 123n });
    expect(parseLimit('')).toEqual({ kind: 'value', value: 0n });
    expect(parseLimit('99999999999999999999999')).toEqual({ kind: 'value', value: 99999999999999999999999n % 2n ** 64n });
    for (const bad of ['==', '=1', '1e3', '-1', '+1', ' 1', '1 ', '12x', '0x10']) expect([bad, parseLimit(bad)]).toEqual([bad, undefined]);
  });

  it('clamps to the hard limit and uses it for =', () => {
    const cur = { soft: 10n, hard: 100n };
    expect(softLimitFor({ kind: 'value', value: 50n }, cur)).toBe(50n);
    expect(softLimitFor({ kind: 'value', value: 500n }, cur)).toBe(100n);
    expect(softLimitFor({ kind: 'hard' }, cur)).toBe(100n);
    expect(softLimitFor({ kind: 'value', value: 2n ** 64n - 1n }, { soft: 0n, hard: 2n ** 64n - 1n })).toBe(2n ** 64n - 1n);
  });
});
