// The only file that reads time. Consumers take a clock parameter (MicroClock or Clock) so tests inject one.
import { TAI64_OFFSET } from './constants.js';
import type { Tai64n } from './tai64n.js';

/** Returns the wall clock as an integer number of Unix microseconds (gettimeofday's resolution). */
export type MicroClock = () => number;
/** Returns the current moment as TAI64N. */
export type Clock = () => Tai64n;

// performance.timeOrigin is the wall clock (in µs precision) when the process started; performance.now() is
// monotonic and cheap. Their sum is a µs wall clock that costs no allocation. Date.now() (ms) checks it on each
// call, so a stepped system clock (settimeofday, NTP step) is followed as gettimeofday would be.
let anchorMs = performance.timeOrigin;

/** The wall clock in Unix microseconds, as daemontools' taia_now reads it (gettimeofday). */
export const unixMicrosNow: MicroClock = () => {
  const mono = performance.now();
  let wall = anchorMs + mono;
  const coarse = Date.now();
  if (wall < coarse - 1 || wall > coarse + 2) {
    anchorMs = coarse + 0.5 - mono;
    wall = anchorMs + mono;
  }
  return Math.floor(wall * 1000);
};

/** TAI64N of a Unix µs reading, daemontools' taia_now: nanoseconds = 1000 * µs + 500. */
export function tai64nFromUnixMicros(micros: number): Tai64n {
  const us = ((micros % 1_000_000) + 1_000_000) % 1_000_000;
  const secs = (micros - us) / 1_000_000;
  return { seconds: BigInt(secs) + TAI64_OFFSET, nanoseconds: us * 1000 + 500 };
}

/** The wall clock now as TAI64N, nanoseconds = µs * 1000 + 500 as daemontools' taia_now. */
export const tai64nNow: Clock = () => tai64nFromUnixMicros(unixMicrosNow());
