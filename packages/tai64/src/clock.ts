// The only file that reads time. Consumers take a clock parameter (MicroClock or Clock) so tests inject one.
import { TAI64_OFFSET } from './constants.js';
import type { Tai64n } from './tai64n.js';

/** Returns the wall clock as an integer number of Unix microseconds (gettimeofday's resolution). */
export type MicroClock = () => number;
/** Returns the current moment as TAI64N. */
export type Clock = () => Tai64n;

// performance.timeOrigin is the wall clock (in µs precision) when the process started; performance.now() is
// monotonic. Their sum is a µs wall clock that costs one call and no allocation (tai64n reads it per line).
// Date.now() (ms) checks it whenever 10 ms of monotonic time have passed since the last check, so a stepped
// system clock (settimeofday, an NTP step) is followed within 10 ms, as gettimeofday would be.
let anchorMs = performance.timeOrigin;
let lastCheckMs = Number.NEGATIVE_INFINITY;
const CHECK_EVERY_MS = 10;

/** The wall clock in Unix microseconds, as daemontools' taia_now reads it (gettimeofday). */
export const unixMicrosNow: MicroClock = () => {
  const mono = performance.now();
  if (mono - lastCheckMs >= CHECK_EVERY_MS) {
    lastCheckMs = mono;
    const coarse = Date.now();
    const wall = anchorMs + mono;
    if (wall < coarse - 1 || wall > coarse + 2) anchorMs = coarse + 0.5 - mono;
  }
  return Math.floor((anchorMs + mono) * 1000);
};

/** TAI64N of a Unix µs reading, daemontools' taia_now: nanoseconds = 1000 * µs + 500. */
export function tai64nFromUnixMicros(micros: number): Tai64n {
  const us = ((micros % 1_000_000) + 1_000_000) % 1_000_000;
  const secs = (micros - us) / 1_000_000;
  return { seconds: BigInt(secs) + TAI64_OFFSET, nanoseconds: us * 1000 + 500 };
}

/** The wall clock now as TAI64N, nanoseconds = µs * 1000 + 500 as daemontools' taia_now. */
export const tai64nNow: Clock = () => tai64nFromUnixMicros(unixMicrosNow());
