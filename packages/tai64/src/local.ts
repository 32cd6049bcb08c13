// tai64nlocal's output: localtime() of the label, printed 'YYYY-MM-DD HH:MM:SS.NNNNNNNNN' (tai64nlocal.c).
// localtime() is glibc's, emulated in zone.ts over the system's zoneinfo files (not Intl/ICU, whose tz data
// and far-future rules differ from what the real tai64nlocal prints).
import { TAI64_OFFSET } from './constants.js';
import { Tai64RangeError } from './errors.js';
import type { Tai64n } from './tai64n.js';
import { systemZone } from './zone-file.js';
import { localtime } from './localtime.js';
import type { BrokenDownTime, Zone } from './zone.js';

/** A broken-down local time as localtime() gives it. */
export type LocalTime = BrokenDownTime;

/** localtime() of signed 64-bit Unix seconds; undefined where glibc's localtime() fails (year does not fit). */
export function localTimeOf(unixSeconds: bigint, zone: Zone = systemZone()): LocalTime | undefined {
  return localtime(zone, unixSeconds);
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
export function formatLocalSeconds(unixSeconds: bigint, zone: Zone = systemZone()): string | undefined {
  const lt = localtime(zone, unixSeconds);
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
export function formatLocal(t: Tai64n, zone: Zone = systemZone()): string {
  const date = formatLocalSeconds(unixSecondsOfLabel(t.seconds), zone);
  if (date === undefined) throw new Tai64RangeError(`TAI64 label out of localtime range: ${t.seconds}`);
  return date + formatNanoseconds(t.nanoseconds);
}
