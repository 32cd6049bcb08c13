import { SIG_DFL, SIG_SETMASK, SIGKILL, SIGSET_BYTES, SIGSTOP } from './constants.js';
import { throwErrno } from './errors.js';
import { lastErrno, loadLibc } from './libc.js';

// Node's own signal range (node.cc kMaxSignal): the classic signals. 32 and 33 belong to glibc's threads.
const LAST_CLASSIC_SIGNAL = 31;

/**
 * Every disposition back to SIG_DFL and the signal mask emptied, so that a program exec'd from this thread
 * starts as if from a C parent: Node ignores SIGPIPE and SIGXFSZ, and an ignored signal survives execve.
 * Node's own handlers are gone afterwards: call this only right before an exec.
 */
export function resetSignalsForExec(): void {
  const l = loadLibc();
  for (let sig = 1; sig <= LAST_CLASSIC_SIGNAL; sig++) {
    if (sig === SIGKILL || sig === SIGSTOP) continue;
    if ((l.signal(sig, SIG_DFL) as number) === -1) throwErrno('signal', lastErrno(l));
  }
  if ((l.sigprocmask(SIG_SETMASK, new Uint8Array(SIGSET_BYTES), null) as number) !== 0) {
    throwErrno('sigprocmask', lastErrno(l));
  }
}
