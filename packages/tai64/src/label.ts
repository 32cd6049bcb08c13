// The external TAI64N label: '@' + 16 hex digits of seconds + 8 hex digits of nanoseconds (timestamp.c).
import { LABEL_HEX_DIGITS, LABEL_LENGTH, LABEL_PREFIX } from './constants.js';
import { Tai64RangeError } from './errors.js';
import { HEX_VALUE, writeHex8 } from './hex.js';
import { checkRange } from './internal.js';
import type { Tai64n } from './tai64n.js';

/** Writes the 25-byte label into `out` at `offset` without allocating; returns the offset after it. */
export function writeLabel(t: Tai64n, out: Buffer, offset: number): number {
  checkRange(t);
  if (offset < 0 || offset + LABEL_LENGTH > out.length)
    throw new Tai64RangeError(`no room for ${LABEL_LENGTH} bytes at offset ${offset} of ${out.length}`);
  out[offset] = LABEL_PREFIX;
  writeHex8(Number(t.seconds >> 32n), out, offset + 1);
  writeHex8(Number(t.seconds & 0xffffffffn), out, offset + 9);
  writeHex8(t.nanoseconds, out, offset + 17);
  return offset + LABEL_LENGTH;
}

/** '@' + 24 lowercase hex digits. */
export function formatLabel(t: Tai64n): string {
  const buf = Buffer.allocUnsafe(LABEL_LENGTH);
  writeLabel(t, buf, 0);
  return buf.toString('latin1');
}

/**
 * Parses exactly one label: '@' followed by exactly 24 lowercase hex digits (what daemontools writes).
 * Anything else (other length, uppercase, other bytes) gives undefined. tai64nlocal's laxer reading is
 * scanLabel.
 */
export function parseLabel(s: string | Uint8Array): Tai64n | undefined {
  if (s.length !== LABEL_LENGTH) return undefined;
  const at = (i: number): number => (typeof s === 'string' ? s.charCodeAt(i) : s[i]!);
  if (at(0) !== LABEL_PREFIX) return undefined;
  let hi = 0;
  let lo = 0;
  let ns = 0;
  for (let i = 1; i <= LABEL_HEX_DIGITS; i++) {
    const c = at(i);
    const v = c < 256 ? HEX_VALUE[c]! : 255;
    if (v === 255) return undefined;
    if (i <= 8) hi = hi * 16 + v;
    else if (i <= 16) lo = lo * 16 + v;
    else ns = ns * 16 + v;
  }
  return { seconds: (BigInt(hi) << 32n) | BigInt(lo), nanoseconds: ns };
}

/** A label as tai64nlocal reads it: where its digits end, and how many there were. */
export interface ScannedLabel {
  t: Tai64n;
  /** Offset of the first byte after the hex digits (the byte tai64nlocal prints after the date). */
  end: number;
  digits: number;
}

/**
 * Reads a label the way tai64nlocal.c does: '@' at `offset`, then lowercase hex digits up to the first other
 * byte (or the end); the last 8 digits are the nanoseconds and the 16 before them the seconds (earlier digits
 * overflow away, as in its 64-bit arithmetic). Undefined when there is no '@' at `offset`.
 */
export function scanLabel(buf: Uint8Array, offset = 0): ScannedLabel | undefined {
  if (buf[offset] !== LABEL_PREFIX) return undefined;
  let hi = 0;
  let lo = 0;
  let ns = 0;
  let i = offset + 1;
  for (; i < buf.length; i++) {
    const u = HEX_VALUE[buf[i]!]!;
    if (u === 255) break;
    hi = ((hi << 4) | (lo >>> 28)) >>> 0;
    lo = ((lo << 4) | (ns >>> 28)) >>> 0;
    ns = (((ns & 0xfffffff) << 4) | u) >>> 0;
  }
  return { t: { seconds: (BigInt(hi) << 32n) | BigInt(lo), nanoseconds: ns }, end: i, digits: i - offset - 1 };
}
