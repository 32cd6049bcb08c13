import { beforeAll, describe, expect, it } from '@jest/globals';
import { loadZone } from '../src/zone-file.js';
import { requireZone } from './require-zone.js';
import { localtime } from '../src/localtime.js';
import { parseTzString } from '../src/tz-string.js';
import { parseTzif } from '../src/tzif.js';
import { UTC_ZONE } from '../src/zone.js';

// Expected values printed by the real /usr/bin/tai64nlocal (glibc 2.36 localtime, Debian tzdata 2025b) with
// the TZ shown; see packages/cli/test/e2e/tai64nlocal.test.ts for the live comparison.
const OFF = 4611686018427387914n;
const show = (tz: string, unix: bigint) => {
  const tm = localtime(loadZone(tz), unix);
  if (tm === undefined) return undefined;
  const p = (n: number) => String(n).padStart(2, '0');
  return `${tm.year}-${p(tm.month)}-${p(tm.day)} ${p(tm.hours)}:${p(tm.minutes)}:${p(tm.seconds)}`;
};

beforeAll(() => {
  for (const z of ['America/Los_Angeles', 'Europe/London', 'Australia/Lord_Howe', 'America/New_York', 'right/UTC', 'UTC'])
    requireZone(z);
});

describe('localtime (glibc emulation)', () => {
  it('reads TZif files, DST included', () => {
    expect(show('America/Los_Angeles', 1772964000n)).toBe('2026-03-08 03:00:00');
    expect(show('Europe/London', 1793437200n)).toBe('2026-10-31 09:00:00');
    expect(show('Australia/Lord_Howe', 0n)).toBe('1970-01-01 10:00:00');
  });

  it('uses local mean time before the first transition', () => {
    expect(show('America/New_York', -2717640000n)).toBe('1883-11-18 15:00:00');
    expect(show('America/New_York', -2717640000n - 86400n * 365n)).toBe('1882-11-18 15:03:58');
  });

  it('applies leap seconds in right/ zones, printing :60 on the inserted second', () => {
    // right/UTC: 2016-12-31 23:59:60 is TAI-based time_t 1483228826
    expect(show('right/UTC', 1483228826n)).toBe('2016-12-31 23:59:60');
    expect(show('right/UTC', 1483228827n)).toBe('2017-01-01 00:00:00');
  });

  it('parses POSIX TZ strings when no file has the name', () => {
    expect(show('<+0530>-5:30', 0n)).toBe('1970-01-01 05:30:00');
    expect(show('PST8PDT9,M3.2.0/2,M11.1.0', 1783000000n)).toBe('2026-07-02 04:46:40');
    const rules = parseTzString('CET-1CEST,J60/3,J300');
    expect(rules[0].offset).toBe(3600);
    expect(rules[1].offset).toBe(7200);
  });

  it('falls back to UTC for names it cannot parse, and for an empty TZ', () => {
    expect(show('Nowhere/Foo', 0n)).toBe('1970-01-01 00:00:00');
    expect(show('', 0n)).toBe('1970-01-01 00:00:00');
    expect(localtime(UTC_ZONE, 86399n)?.hours).toBe(23);
  });

  it('fails where tm_year does not fit a C int, as glibc does', () => {
    expect(show('UTC', 67768036191676799n)).toBe('2147485547-12-31 23:59:59');
    expect(show('UTC', 67768036191676800n)).toBeUndefined();
    expect(show('UTC', -OFF)).toBeUndefined();
  });

  it('rejects bytes that are not TZif', () => {
    expect(parseTzif(Buffer.from('not a zone file at all, not even close to 44 bytes long'))).toBeUndefined();
  });
});
