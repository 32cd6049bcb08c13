// setlock.c: open_append(file) then flock(LOCK_EX[|LOCK_NB]); the fd is what the program inherits.
import { closeSync, constants, openSync } from 'node:fs';
import { flock } from '@dt/posix';

// 0.76 open_append: O_WRONLY | O_NDELAY | O_APPEND | O_CREAT, 0600; the program inherits these flags too.
const OPEN_APPEND = constants.O_WRONLY | constants.O_NONBLOCK | constants.O_APPEND | constants.O_CREAT;

export type LockResult = { ok: true; fd: number } | { ok: false; step: 'open' | 'lock'; cause: unknown };

/** Open (creating 0600, never truncating) and lock `file`; with wait:false a held lock is EAGAIN. */
export function openAndLock(file: string | Buffer, wait: boolean): LockResult {
  let fd: number;
  try {
    fd = openSync(file, OPEN_APPEND, 0o600);
  } catch (e) {
    return { ok: false, step: 'open', cause: e };
  }
  try {
    if (flock(fd, 'exclusive', { wait })) return { ok: true, fd };
    closeSync(fd);
    return { ok: false, step: 'lock', cause: 'EAGAIN' };
  } catch (e) {
    closeSync(fd);
    return { ok: false, step: 'lock', cause: e };
  }
}
