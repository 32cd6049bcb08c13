// tai64nlocal's output: localtime() of the label, printed 'YYYY-MM-DD HH:MM:SS.NNNNNNNNN' (tai64nlocal.c).
// localtime() is the process's time zone (TZ) through Date; times beyond Date's range (about ±270,000 years)
// are moved by whole 400-year Gregorian cycles, over which both the calendar and a zone's DST rule repeat.
import { TAI64_OFFSET } from './constants.js';
import { Tai64RangeError } from './errors.js';
import type { Tai64n } from './tai64n.js';

/** Seconds in 400 Gregorian years (146097 days). */
const CYCLE_SECONDS = 12_622_780_800n;
const CYCLE_YEARS = 400n;
/** Date is exact to ±8.64e12 s; stay well inside it. */
const DATE_SAFE_SECONDS = 8_000_000_000_000n;
/** localtime() fails (returns NULL) when tm_year = year - 1900 does not fit a C int. */
const TM_YEAR_MIN = -(2n ** 31n);
const TM_YEAR_MAX = 2n ** 31n - 1n;

/** A broken-down local time as localtime() gives it. */
export interface LocalTime {
  /** Full year (may be negative or beyond 9999). */
  year: bigint;
  /** 1..12 */
  month: number;
  day: number;
  hours: number;
  minutes: number;
  seconds: number;
}

/** localtime() of signed 64-bit Unix seconds; undefined where glibc's localtime() fails (year does not fit). */
export function localTimeOf(unixSeconds: bigint): LocalTime | undefined {
  let t = unixSeconds;
  let yearShift = 0n;
  if (t > DATE_SAFE_SECONDS) {
    const k = (t - DATE_SAFE_SECONDS) / CYCLE_SECONDS + 1n;
    t -= k * CYCLE_SECONDS;
    yearShift = k * CYCLE_YEARS;
  } else if (t < -DATE_SAFE_SECONDS) {
    const k = (-DATE_SAFE_SECONDS - t) / CYCLE_SECONDS + 1n;
    t += k * CYCLE_SECONDS;
    yearShift = -k * CYCLE_YEARS;
  }
  const d = new Date(Number(t) * 1000);
  const year = BigInt(d.getFullYear()) + yearShift;
  const tmYear = year - 1900n;
  if (tmYear < TM_YEAR_MIN || tmYear > TM_YEAR_MAX) return undefined;
  return {
    year,
    month: d.getMonth() + 1,
    day: d.getDate(),
    hours: d.getHours(),
    minutes: d.getMinutes(),
    seconds: d.getSeconds(),
  };
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : `${n}`;
}

/**
 * The year as tai64nlocal prints it: fmt_ulong(1900 + tm_year), an int sum converted to unsigned long,
 * so year -1 prints as 18446744073709551615.
 */
function formatYear(year: bigint): string {
  const asInt = BigInt.asIntN(32, year);
  return (asInt < 0n ? asInt + 2n ** 64n : asInt).toString();
}

/** 'YYYY-MM-DD HH:MM:SS.' for signed 64-bit Unix seconds, or undefined where localtime() fails. */
export function formatLocalSeconds(unixSeconds: bigint): string | undefined {
  const lt = localTimeOf(unixSeconds);
  if (lt === undefined) return undefined;
  return `${formatYear(lt.year)}-${pad2(lt.month)}-${pad2(lt.day)} ${pad2(lt.hours)}:${pad2(lt.minutes)}:${pad2(lt.seconds)}.`;
}

/** Nanoseconds as fmt_uint0(n, 9): at least 9 digits (a bogus field ≥ 10^9 prints all its digits). */
export function formatNanoseconds(nanoseconds: number): string {
  return nanoseconds.toString().padStart(9, '0');
}

/** The TAI64 label (seconds) as tai64nlocal turns it into time_t: secs - 2^62 - 10, wrapped to signed 64 bits. */
export function unixSecondsOfLabel(seconds: bigint): bigint {
  return BigInt.asIntN(64, seconds - TAI64_OFFSET);
}

/**
 * 'YYYY-MM-DD HH:MM:SS.nnnnnnnnn' in the local time zone, exactly as tai64nlocal prints a label.
 * Throws Tai64RangeError where tai64nlocal's localtime() would fail (it crashes there).
 */
export function formatLocal(t: Tai64n): string {
  const date = formatLocalSeconds(unixSecondsOfLabel(t.seconds));
  if (date === undefined) throw new Tai64RangeError(`TAI64 label out of localtime range: ${t.seconds}`);
  return date + formatNanoseconds(t.nanoseconds);
}
