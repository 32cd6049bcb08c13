// The TAI64N value and its relation to Unix time (daemontools tai_unix / taia_now).
import { NANOSECONDS_PER_SECOND, TAI64_MAX, TAI64_OFFSET } from './constants.js';
import { Tai64RangeError } from './errors.js';

/** A TAI64N moment: `seconds` is the TAI64 label (offset included), `nanoseconds` the fraction. */
export interface Tai64n {
  seconds: bigint;
  nanoseconds: number;
}

/** Unix seconds (and nanoseconds) to TAI64N, daemontools style: label = 2^62 + 10 + unixSeconds. */
export function tai64nFromUnix(unixSeconds: number | bigint, nanoseconds = 0): Tai64n {
  if (typeof unixSeconds === 'number' && !Number.isInteger(unixSeconds))
    throw new Tai64RangeError(`unix seconds must be an integer: ${unixSeconds}`);
  const seconds = BigInt(unixSeconds) + TAI64_OFFSET;
  if (seconds < 0n || seconds > TAI64_MAX) throw new Tai64RangeError(`unix seconds out of TAI64 range: ${unixSeconds}`);
  if (!Number.isInteger(nanoseconds) || nanoseconds < 0 || nanoseconds >= NANOSECONDS_PER_SECOND)
    throw new Tai64RangeError(`nanoseconds must be an integer in 0..999999999: ${nanoseconds}`);
  return { seconds, nanoseconds };
}

/** TAI64N back to Unix seconds (label - 2^62 - 10); negative before 1970. */
export function tai64nToUnixSeconds(t: Tai64n): bigint {
  return t.seconds - TAI64_OFFSET;
}
