import { describe, expect, it } from '@jest/globals';
import { EACCES, EISDIR, ENOENT, EPERM } from '../src/constants.js';
import { DEFAULT_PATH, searchCandidates, tryCandidates } from '../src/path-search.js';

const ENOEXEC = 8;

describe('searchCandidates (pathexec_run)', () => {
  it('uses a name with a slash as is', () => {
    expect(searchCandidates('./run', '/bin')).toEqual(['./run']);
    expect(searchCandidates('/usr/bin/env', undefined)).toEqual(['/usr/bin/env']);
  });
  it('walks PATH, an empty element meaning the current directory', () => {
    expect(searchCandidates('sh', '/a::/b:')).toEqual(['/a/sh', './sh', '/b/sh', './sh']);
    expect(searchCandidates('sh', '')).toEqual(['./sh']);
  });
  it('defaults to /bin:/usr/bin when PATH is unset', () => {
    expect(DEFAULT_PATH).toBe('/bin:/usr/bin');
    expect(searchCandidates('true', undefined)).toEqual(['/bin/true', '/usr/bin/true']);
  });
});

describe('tryCandidates (pathexec_run\'s retry rule)', () => {
  const run = (errnos: Record<string, number>) => {
    const tried: string[] = [];
    const r = tryCandidates(['a', 'b', 'c'], (p) => (tried.push(p), errnos[p] ?? ENOENT));
    return { r, tried };
  };
  it('stops at the first success', () => {
    expect(run({ b: 0 })).toEqual({ r: 0, tried: ['a', 'b'] });
  });
  it('goes on past ENOENT, EACCES, EPERM and EISDIR, returning the last one remembered', () => {
    expect(run({})).toEqual({ r: ENOENT, tried: ['a', 'b', 'c'] });
    expect(run({ a: EACCES, b: EISDIR })).toEqual({ r: EISDIR, tried: ['a', 'b', 'c'] });
    expect(run({ a: EPERM })).toEqual({ r: EPERM, tried: ['a', 'b', 'c'] });
  });
  it('stops at any other errno', () => {
    expect(run({ a: EACCES, b: ENOEXEC })).toEqual({ r: ENOEXEC, tried: ['a', 'b'] });
  });
  it('ENOENT when there is nothing to try', () => {
    expect(tryCandidates([], () => 0)).toBe(ENOENT);
  });
});
