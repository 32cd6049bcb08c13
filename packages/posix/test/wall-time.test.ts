import { describe, expect, it } from '@jest/globals';
import { gettimeofdayMicros } from '../src/wall-time.js';

describe('gettimeofdayMicros', () => {
  it('is the wall clock in whole microseconds, between two Date.now readings', () => {
    const before = Date.now();
    const us = gettimeofdayMicros();
    const after = Date.now();
    expect(Number.isInteger(us)).toBe(true);
    expect(us).toBeGreaterThanOrEqual(before * 1000);
    expect(us).toBeLessThan((after + 1) * 1000);
  });
});
