// djb's allwrite: write every byte of a buffer to an fd synchronously, however many write(2) calls it
// takes. Node may leave an inherited fd O_NONBLOCK, so EAGAIN is waited out (1 ms, without spinning)
// and EINTR retried; any other error is thrown to the caller, which decides whether it matters
// (a diagnostic on a closed stderr does not; a filter's output does).
import { writeSync } from 'node:fs';
import { errnoCode } from './errno-code.js';

let sleeper: Int32Array | undefined;

/** Sleep `ms` without spinning; the buffer is made at the first EAGAIN, not at load. */
function sleepMs(ms: number): void {
  Atomics.wait((sleeper ??= new Int32Array(new SharedArrayBuffer(4))), 0, 0, ms);
}

/**
 * Writes all of `buf` (a string is written as UTF-8) to `fd`. Throws the first error other than EAGAIN/EINTR.
 * An empty `buf` still makes one write(2) of nothing: a chain-loader calls it so before lowering its memory
 * limits, so that the code of its failure report is compiled while memory can still be had.
 */
export function writeAllSync(fd: number, buf: Uint8Array | string): void {
  const bytes = typeof buf === 'string' ? Buffer.from(buf) : buf;
  let off = 0;
  do {
    try {
      off += writeSync(fd, bytes, off, bytes.length - off);
    } catch (e) {
      const code = errnoCode(e);
      if (code === 'EAGAIN') sleepMs(1);
      else if (code !== 'EINTR') throw e;
    }
  } while (off < bytes.length);
}
