import { afterAll, describe, expect, it } from '@jest/globals';
import { requireZone as loadZone } from './require-zone.js';
import { Tai64RangeError } from '../src/errors.js';
import { parseLabel } from '../src/label.js';
import { formatLocal, formatLocalSeconds, formatNanoseconds, localTimeOf, unixSecondsOfLabel } from '../src/local.js';

// Golden values printed by the real /usr/bin/tai64nlocal (daemontools 0.76, Debian tzdata 2025b).
const savedTz = process.env.TZ;
function inZone<T>(tz: string, f: () => T): T {
  process.env.TZ = tz; // Node resets its time-zone cache when TZ is assigned
  return f();
}
afterAll(() => {
  if (savedTz === undefined) delete process.env.TZ;
  else process.env.TZ = savedTz;
});

const local = (label: string) => formatLocal(parseLabel(label)!);

describe('formatLocal', () => {
  it('prints the spec §2.9 example as the real tai64nlocal does (US/Pacific: no leap seconds)', () => {
    const t = parseLabel('@4000000037c219bf2ef02e94')!;
    expect(formatLocal(t, loadZone('US/Pacific'))).toBe('1999-08-23 21:04:05.787492500');
    expect(formatLocal(t, loadZone('UTC'))).toBe('1999-08-24 04:04:05.787492500');
    // right/ zones count leap seconds: this is the spec's own (leap-second) reading
    expect(formatLocal(t, loadZone('right/US/Pacific'))).toBe('1999-08-23 21:03:43.787492500');
  });

  it('follows daylight saving time (America/Los_Angeles, 2026-03-08)', () => {
    const la = loadZone('America/Los_Angeles');
    // 2026-03-08 09:59:59 UTC = 01:59:59 PST; one second later 03:00:00 PDT
    expect(formatLocal({ seconds: 1772963999n + 4611686018427387914n, nanoseconds: 0 }, la)).toBe('2026-03-08 01:59:59.000000000');
    expect(formatLocal({ seconds: 1772964000n + 4611686018427387914n, nanoseconds: 0 }, la)).toBe('2026-03-08 03:00:00.000000000');
  });

  it('prints the spec §1.5 example in UTC', () => {
    expect(inZone('UTC', () => local('@400000006b06cc7f0fe125bc'))).toBe('2026-11-25 11:54:29.266413500');
  });

  it('handles labels before 1970 and the epoch itself', () => {
    inZone('UTC', () => {
      expect(local('@400000000000000000000000')).toBe('1969-12-31 23:59:50.000000000');
      expect(local('@400000000000000a00000000')).toBe('1970-01-01 00:00:00.000000000');
    });
  });

  it('prints nanoseconds of 10^9 and above with all their digits (fmt_uint0(n, 9))', () => {
    expect(formatNanoseconds(0)).toBe('000000000');
    expect(formatNanoseconds(500)).toBe('000000500');
    expect(formatNanoseconds(0xffffffff)).toBe('4294967295');
    expect(inZone('UTC', () => local('@400000000000000affffffff'))).toBe('1970-01-01 00:00:00.4294967295');
  });

  it('wraps the label to signed 64 bits as tai64nlocal does', () => {
    expect(unixSecondsOfLabel(0n)).toBe(-4611686018427387914n);
    expect(unixSecondsOfLabel(2n ** 64n - 1n)).toBe(-4611686018427387915n);
  });

  it('prints a year that overflows 1900 + tm_year as the C int converted to unsigned long', () => {
    expect(formatLocal({ seconds: 67768036191676799n + 4611686018427387914n, nanoseconds: 0 }, loadZone('UTC'))).toBe(
      '18446744071562069867-12-31 23:59:59.000000000',
    );
  });

  it('throws Tai64RangeError where localtime() fails (the real one crashes)', () => {
    inZone('UTC', () => {
      expect(() => local('@000000000000000000000000')).toThrow(Tai64RangeError);
      expect(formatLocalSeconds(2n ** 62n)).toBeUndefined();
    });
  });
});

describe('localTimeOf', () => {
  it('gives localtime() as a value: the fields formatLocal prints, undefined where the year does not fit', () => {
    // 1999-08-24 04:04:05 UTC (the spec's @4000000037c219bf label, less its 10 s)
    expect(localTimeOf(935467445n, loadZone('UTC'))).toEqual({ year: 1999n, month: 8, day: 24, hours: 4, minutes: 4, seconds: 5 });
    expect(localTimeOf(935467445n, loadZone('US/Pacific'))).toEqual({ year: 1999n, month: 8, day: 23, hours: 21, minutes: 4, seconds: 5 });
    expect(localTimeOf(2n ** 62n, loadZone('UTC'))).toBeUndefined();
  });
});
