// Packed TAI64N: 8-byte big-endian seconds + 4-byte big-endian nanoseconds (taia_pack.c, no attoseconds).
import {
  TAI64N_NANOSECONDS_OFFSET,
  TAI64N_SECONDS_OFFSET,
  TAI64N_SIZE,
} from './constants.js';
import { Tai64FormatError, Tai64RangeError } from './errors.js';
import { checkRange } from './internal.js';
import type { Tai64n } from './tai64n.js';

/** Writes the 12 packed bytes into `out` at `offset` (a new Buffer when `out` is omitted) and returns `out`. */
export function packTai64n(t: Tai64n, out?: Buffer, offset = 0): Buffer {
  checkRange(t);
  const buf = out ?? Buffer.allocUnsafe(TAI64N_SIZE);
  if (offset < 0 || offset + TAI64N_SIZE > buf.length)
    throw new Tai64RangeError(`no room for ${TAI64N_SIZE} bytes at offset ${offset} of ${buf.length}`);
  buf.writeBigUInt64BE(t.seconds, offset + TAI64N_SECONDS_OFFSET);
  buf.writeUInt32BE(t.nanoseconds, offset + TAI64N_NANOSECONDS_OFFSET);
  return buf;
}

/** Reads 12 packed bytes at `offset`. */
export function unpackTai64n(buf: Uint8Array, offset = 0): Tai64n {
  if (offset < 0 || offset + TAI64N_SIZE > buf.length)
    throw new Tai64FormatError(`packed TAI64N needs ${TAI64N_SIZE} bytes at offset ${offset}, have ${buf.length - offset}`);
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  return {
    seconds: view.getBigUint64(offset + TAI64N_SECONDS_OFFSET, false),
    nanoseconds: view.getUint32(offset + TAI64N_NANOSECONDS_OFFSET, false),
  };
}
