import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { compilePattern, matchPattern } from '../src/pattern.js';

// Golden: the matchtest cases of daemontools 0.76 rts.tests, as /usr/bin/multilog decides them.
const GOLDEN = readFileSync(new URL('./fixtures/matchtest.exp', import.meta.url), 'utf8')
  .split('\n')
  .filter((l) => l !== '' && !l.startsWith('#'))
  .map((l) => {
    const m = /^([+-])(.*) \((.*)\)$/.exec(l)!;
    return { expected: m[1] === '+', pattern: m[2]!, line: m[3]! };
  });

describe('matchPattern (match.c)', () => {
  it('has the rts cases', () => {
    expect(GOLDEN.length).toBe(34);
  });
  it.each(GOLDEN)('$pattern against "$line"', ({ expected, pattern, line }) => {
    expect(matchPattern(Buffer.from(pattern), Buffer.from(line))).toBe(expected);
    expect(compilePattern(Buffer.from(pattern))(Buffer.from(line), 0, Buffer.byteLength(line))).toBe(expected);
  });
  it('does not backtrack: * stops at the FIRST following character', () => {
    expect(matchPattern(Buffer.from('*b'), Buffer.from('abab'))).toBe(false);
    expect(matchPattern(Buffer.from('*b*'), Buffer.from('abab'))).toBe(true);
  });
  it('matches a window of a larger buffer', () => {
    const buf = Buffer.from('xxERROR: diskxx');
    expect(matchPattern(Buffer.from('ERROR:*'), buf, 2, 11)).toBe(true);
    expect(compilePattern(Buffer.from('ERROR: disk'))(buf, 2, 11)).toBe(true);
    expect(compilePattern(Buffer.from('ERROR: disk'))(buf, 2, 12)).toBe(false);
  });
});
