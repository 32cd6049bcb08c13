import { describe, expect, it } from '@jest/globals';
import { DEFAULT_PATH, searchCandidates } from '../src/path-search.js';

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
