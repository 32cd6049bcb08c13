// What a process needs to be an init: PR_SET_CHILD_SUBREAPER, and reaping a given child without waiting.
import { EINTR } from './constants.js';
import { throwErrno } from './errors.js';
import { lastErrno, loadLibc } from './libc.js';
import type { WaitStatus } from './spawn.js';

const PR_SET_CHILD_SUBREAPER = 36;
const WNOHANG = 1;
const ECHILD = 10;

/** prctl(PR_SET_CHILD_SUBREAPER, on): orphans of our descendants are re-parented to us, not to init. */
export function setChildSubreaper(on = true): void {
  const l = loadLibc();
  if ((l.prctl(PR_SET_CHILD_SUBREAPER, on ? 1 : 0, 0, 0, 0) as number) !== 0) throwErrno('prctl', lastErrno(l));
}

/**
 * waitpid(pid, WNOHANG) for a child this process collects itself: its status once it has ended (now
 * reaped), 'running' while it runs (or is stopped), 'gone' when it is no child of ours any more (ECHILD:
 * someone else reaped it).
 */
export function collectChild(pid: number): WaitStatus | 'running' | 'gone' {
  const l = loadLibc();
  const status = new Int32Array(1);
  for (;;) {
    const r = l.waitpid(pid, status, WNOHANG) as number;
    if (r > 0) break;
    if (r === 0) return 'running';
    const errno = lastErrno(l);
    if (errno === ECHILD) return 'gone';
    if (errno !== EINTR) throwErrno('waitpid', errno);
  }
  const w = status[0]!;
  return (w & 0x7f) === 0 ? { exited: true, code: (w >> 8) & 0xff } : { exited: false, signal: w & 0x7f };
}

/** waitpid(pid, WNOHANG): the status when it had ended (and is now reaped), undefined when still running or not our child. */
export function reapChild(pid: number): WaitStatus | undefined {
  const l = loadLibc();
  const status = new Int32Array(1);
  for (;;) {
    const r = l.waitpid(pid, status, WNOHANG) as number;
    if (r > 0) break;
    if (r === 0) return undefined;
    const errno = lastErrno(l);
    if (errno === ECHILD) return undefined;
    if (errno !== EINTR) throwErrno('waitpid', errno);
  }
  const w = status[0]!;
  return (w & 0x7f) === 0 ? { exited: true, code: (w >> 8) & 0xff } : { exited: false, signal: w & 0x7f };
}
