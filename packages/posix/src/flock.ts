import { EAGAIN, EINTR, LOCK_EX, LOCK_NB, LOCK_SH, LOCK_UN } from './constants.js';
import { throwErrno } from './errors.js';
import { lastErrno, loadLibc } from './libc.js';

const OPS = { exclusive: LOCK_EX, shared: LOCK_SH, unlock: LOCK_UN } as const;

/**
 * flock(2), the lock daemontools uses (supervise/lock, multilog's lock, setlock). With wait (the default)
 * it blocks the whole thread until the lock is granted; with wait:false it returns false when another
 * open file description holds the lock.
 */
export function flock(fd: number, how: 'exclusive' | 'shared' | 'unlock', opts?: { wait?: boolean }): boolean {
  const l = loadLibc();
  const op = OPS[how] | (opts?.wait === false ? LOCK_NB : 0);
  for (;;) {
    if ((l.flock(fd, op) as number) === 0) return true;
    const errno = lastErrno(l);
    if (errno === EINTR) continue;
    if (errno === EAGAIN && opts?.wait === false) return false;
    throwErrno('flock', errno);
  }
}
