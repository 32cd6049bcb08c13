import { describe, expect, it } from '@jest/globals';
import { formatLabel, tai64nFromDate, tai64nToDate } from '../src/index.js';

describe('tai64nToDate', () => {
  it('reads a label as tai64nlocal does (label - 2^62 - 10), milliseconds truncated', () => {
    // 2^62 + 10 + 1764770400 (2025-12-03T14:00:00Z), 123456789 ns
    const label = `@${(2n ** 62n + 10n + 1764770400n).toString(16).padStart(16, '0')}075bcd15`;
    expect(tai64nToDate(label)?.toISOString()).toBe('2025-12-03T14:00:00.123Z');
  });

  it('round-trips a Date through tai64nFromDate', () => {
    const d = new Date('2026-01-02T03:04:05.678Z');
    expect(tai64nToDate(tai64nFromDate(d))?.getTime()).toBe(d.getTime());
    expect(tai64nToDate(formatLabel(tai64nFromDate(d)))?.getTime()).toBe(d.getTime());
  });

  it('says undefined for a text that is not a label', () => {
    expect(tai64nToDate('@nothex')).toBeUndefined();
  });
});
