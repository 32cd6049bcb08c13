// Process file descriptors (Linux >= 5.3): a handle on one process that pid reuse cannot fool. A
// supervisor watches a process it did not start (an orphan it adopts) through one: poll says readable
// once the process has exited, and signals sent through it never reach a later process with the same pid.
import { constants as osConstants } from 'node:os';
import { EINTR } from './constants.js';
import { throwErrno } from './errors.js';
import { lastErrno, loadLibc } from './libc.js';

const POLLIN = 0x001;
const ESRCH = 3;

/** pidfd_open(pid, 0): a close-on-exec fd for the process; PosixError (ESRCH when it is gone). */
export function pidfdOpen(pid: number): number {
  const l = loadLibc();
  const fd = l.pidfdOpen(pid, 0) as number;
  if (fd < 0) throwErrno('pidfd_open', lastErrno(l));
  return fd;
}

/** pidfd_send_signal: false when the process has already exited (ESRCH), PosixError otherwise. */
export function pidfdSendSignal(pidfd: number, signal: NodeJS.Signals | number): boolean {
  const l = loadLibc();
  const signo = typeof signal === 'number' ? signal : osConstants.signals[signal];
  if ((l.pidfdSendSignal(pidfd, signo, null, 0) as number) === 0) return true;
  const errno = lastErrno(l);
  if (errno === ESRCH) return false;
  throwErrno('pidfd_send_signal', errno);
}

/** True once the process behind pidfd has exited (poll with no wait: the fd is readable). */
export function pidfdExited(pidfd: number): boolean {
  const l = loadLibc();
  const pfd = new Uint8Array(8);
  const view = new DataView(pfd.buffer);
  view.setInt32(0, pidfd, true);
  view.setInt16(4, POLLIN, true);
  for (;;) {
    const n = l.poll(pfd, 1, 0) as number;
    if (n >= 0) return n > 0 && (view.getInt16(6, true) & POLLIN) !== 0;
    const errno = lastErrno(l);
    if (errno !== EINTR) throwErrno('poll', errno);
  }
}
