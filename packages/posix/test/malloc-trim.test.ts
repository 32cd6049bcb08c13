// mallocTrim binds glibc's malloc_trim: it runs, and says whether memory went back (1) or not (0).
// How much it gives back is a figure for bench/scanner/soak.mjs, not an assertion here.
import { describe, expect, it } from '@jest/globals';
import { mallocTrim } from '../src/index.js';

describe('mallocTrim', () => {
  it('calls malloc_trim and returns a boolean, with or without a pad', () => {
    const chunks = Array.from({ length: 64 }, () => Buffer.alloc(64 * 1024, 1)); // native memory to free
    expect(chunks.length).toBe(64);
    chunks.length = 0;
    expect(typeof mallocTrim()).toBe('boolean');
    expect(typeof mallocTrim(1 << 20)).toBe('boolean');
  });
});
