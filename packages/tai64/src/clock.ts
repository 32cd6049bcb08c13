// The only file that reads time. Consumers take a clock parameter (MicroClock or Clock) so tests inject one.
import { TAI64_OFFSET } from './constants.js';
import { microsWithinSecond } from './internal.js';
import type { Tai64n } from './tai64n.js';

/** Returns the wall clock as an integer number of Unix microseconds (gettimeofday's resolution). */
export type MicroClock = () => number;
/** Returns the current moment as TAI64N. */
export type Clock = () => Tai64n;

// performance.timeOrigin is the wall clock (in µs precision) when the process started; performance.now() is
// CLOCK_MONOTONIC, slewed by NTP like the wall clock, so the two only part when the wall clock is stepped
// (settimeofday, an NTP step). Their sum is a µs wall clock that costs one call and no allocation (tai64n
// reads it per line). Whenever 10 ms of monotonic time have passed, Date.now() (ms) is read between two
// monotonic readings; when it disagrees by more than STEP_MS the clock was stepped and is re-anchored. Small
// differences are never corrected: a thread preempted between the readings would otherwise make stamps jump.
const CHECK_EVERY_MS = 10;
const STEP_MS = 50;

export interface WallClockSources {
  /** Monotonic milliseconds (default performance.now). */
  monotonicMs?: () => number;
  /** Wall-clock milliseconds (default Date.now). */
  wallMs?: () => number;
  /** Wall-clock ms at monotonic 0 (default performance.timeOrigin). */
  originMs?: number;
}

/** A µs wall clock over a monotonic clock, re-anchored when the wall clock is stepped (sources injectable for tests). */
export function createWallClock(sources: WallClockSources = {}): MicroClock {
  const monotonicMs = sources.monotonicMs ?? (() => performance.now());
  const wallMs = sources.wallMs ?? Date.now;
  let anchorMs = sources.originMs ?? Number.NaN; // read on first use: importing this file costs nothing
  let lastCheckMs = Number.NEGATIVE_INFINITY;
  return () => {
    if (Number.isNaN(anchorMs)) anchorMs = performance.timeOrigin;
    const mono = monotonicMs();
    if (mono - lastCheckMs >= CHECK_EVERY_MS) {
      lastCheckMs = mono;
      const coarse = wallMs();
      const after = monotonicMs();
      const mid = (mono + after) / 2;
      if (after - mono < 2 && Math.abs(anchorMs + mid - (coarse + 0.5)) > STEP_MS) anchorMs = coarse + 0.5 - mid;
    }
    return Math.floor((anchorMs + mono) * 1000);
  };
}

/** The wall clock in Unix microseconds, as daemontools' taia_now reads it (gettimeofday). */
export const unixMicrosNow: MicroClock = /* @__PURE__ */ createWallClock();

/** TAI64N of a Unix µs reading, daemontools' taia_now: nanoseconds = 1000 * µs + 500. */
export function tai64nFromUnixMicros(micros: number): Tai64n {
  const us = microsWithinSecond(micros);
  const secs = (micros - us) / 1_000_000;
  return { seconds: BigInt(secs) + TAI64_OFFSET, nanoseconds: us * 1000 + 500 };
}

/** The wall clock now as TAI64N, nanoseconds = µs * 1000 + 500 as daemontools' taia_now. */
export const tai64nNow: Clock = () => tai64nFromUnixMicros(unixMicrosNow());
