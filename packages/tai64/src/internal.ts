// Helpers shared by this package's modules; not part of the public API (index.ts does not export them).
import { TAI64_MAX } from './constants.js';
import { Tai64RangeError } from './errors.js';
import type { Tai64n } from './tai64n.js';

/** Throws Tai64RangeError unless `t` fits the external forms: seconds 0..2^64-1, nanoseconds a u32. */
export function checkRange(t: Tai64n): void {
  if (t.seconds < 0n || t.seconds > TAI64_MAX) throw new Tai64RangeError(`TAI64 seconds out of range: ${t.seconds}`);
  if (!Number.isInteger(t.nanoseconds) || t.nanoseconds < 0 || t.nanoseconds > 0xffffffff)
    throw new Tai64RangeError(`TAI64N nanoseconds out of range: ${t.nanoseconds}`);
}

/**
 * The µs within the second of a Unix µs reading (0..999999, also before 1970); the whole seconds are
 * (micros - this) / 1e6. No allocation: the stampers call it per line.
 */
export function microsWithinSecond(micros: number): number {
  return ((micros % 1_000_000) + 1_000_000) % 1_000_000;
}
