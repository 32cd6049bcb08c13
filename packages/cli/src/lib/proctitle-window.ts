// readproctitle's window (daemontools 0.76 readproctitle.c): the last argument's bytes, of which the first
// three stay dots while every non-NUL byte read enters at the right end.

/**
 * readproctitle.c, byte by byte: `for (i = 4; i < len; ++i) buf[i - 1] = buf[i]; buf[len - 1] = ch;` for
 * each non-NUL ch. So window[3..] always holds the last length-3 bytes seen. Returns whether it changed.
 */
export function shiftIn(window: Buffer, chunk: Buffer): boolean {
  const tail = window.length - 3;
  let bytes = chunk.includes(0) ? chunk.filter((b) => b !== 0) : chunk;
  if (bytes.length === 0) return false;
  if (bytes.length >= tail) bytes = bytes.subarray(bytes.length - tail);
  window.copy(window, 3, 3 + bytes.length); // the older bytes move left
  Buffer.from(bytes).copy(window, window.length - bytes.length);
  return true;
}
