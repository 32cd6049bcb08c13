// TAI64N and JavaScript Dates: what a Node program reading logs wants from a `@…` label.
import { parseLabel } from './label.js';
import { type Tai64n, tai64nFromUnix, tai64nToUnixSeconds } from './tai64n.js';

/**
 * A TAI64N moment (or its `@…` label) as a JavaScript Date, daemontools style (label - 2^62 - 10 = Unix
 * seconds; no leap-second table, as tai64nlocal). Milliseconds are truncated; undefined for a label that is not one.
 */
export function tai64nToDate(t: Tai64n | string): Date | undefined {
  const v = typeof t === 'string' ? parseLabel(t) : t;
  if (v === undefined) return undefined;
  return new Date(Number(tai64nToUnixSeconds(v)) * 1000 + Math.floor(v.nanoseconds / 1e6));
}

/** A Date as a TAI64N moment (its milliseconds as nanoseconds). */
export function tai64nFromDate(d: Date): Tai64n {
  const ms = d.getTime();
  const s = Math.floor(ms / 1000);
  return tai64nFromUnix(s, (ms - s * 1000) * 1e6);
}
