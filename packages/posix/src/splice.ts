// Moving pipe data in the kernel, without a read(2) into the process: splice(2) from a pipe into a file
// consumes from the pipe exactly the bytes that reached the file, so a process killed at any instant has
// either left a byte in the pipe or put it in the file, never held it only in its own memory. The log host's
// journal (decision 0005) is built on that; memfd_create gives it a file that is memory only.
import { EAGAIN, EINTR } from './constants.js';
import { throwErrno } from './errors.js';
import { loadPipeIo } from './libc.js';

const SPLICE_F_MOVE = 1;
const SPLICE_F_NONBLOCK = 2;
const MFD_CLOEXEC = 1;

/**
 * splice(2) up to `len` bytes from the pipe `pipeFd` into the file `fileFd` at `offset` (the file's own
 * position is neither used nor moved). Returns the bytes moved, 0 at end of input (no writer left), or -1
 * when the pipe is empty now (EAGAIN: the pipe's description, or this call, is non-blocking). PosixError
 * otherwise.
 */
export function spliceToFile(pipeFd: number, fileFd: number, offset: number, len: number): number {
  const io = loadPipeIo();
  const off = new BigInt64Array([BigInt(offset)]);
  for (;;) {
    const n = Number(io.splice(pipeFd, null, fileFd, off, len, SPLICE_F_MOVE | SPLICE_F_NONBLOCK));
    if (n >= 0) return n;
    const errno = io.koffi.errno();
    if (errno === EAGAIN) return -1;
    if (errno !== EINTR) throwErrno('splice', errno);
  }
}

/** memfd_create(2): an anonymous file in memory (close-on-exec); `name` only shows in /proc/PID/fd. */
export function memfdCreate(name: string): number {
  const io = loadPipeIo();
  const fd = io.memfdCreate(name, MFD_CLOEXEC) as number;
  if (fd < 0) throwErrno('memfd_create', io.koffi.errno());
  return fd;
}
