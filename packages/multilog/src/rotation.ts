// The arithmetic of multilog.c c_write: how much of a buffer goes into current, and when current is full.
// Once past size-2000 a write is cut after its last newline; a file never exceeds size.

/** Files are finished at a newline once they are within this many bytes of the size. */
export const ROTATE_MARGIN = 2000;

/** c_write: current must be rotated before writing anything more. */
export function mustRotateBefore(bytes: number, size: number): boolean {
  return bytes >= size;
}

/** c_write: the number of bytes of buf[start, start+len) to write into a current holding `bytes`. */
export function writeLength(bytes: number, size: number, buf: Uint8Array, start: number, len: number): number {
  if (len >= size - bytes) len = size - bytes;
  if (bytes + len >= size - ROTATE_MARGIN) {
    const nl = buf.lastIndexOf(0x0a, start + len - 1);
    if (nl >= start) len = nl - start + 1;
  }
  return len;
}

/** c_write: after a write ending in `lastByte`, current (now `bytes` long) is finished. */
export function mustRotateAfter(bytes: number, size: number, lastByte: number): boolean {
  return bytes >= size - ROTATE_MARGIN && lastByte === 0x0a;
}
