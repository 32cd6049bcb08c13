import { EINTR, F_GETFD, F_GETFL, F_SETFD, F_SETFL, FD_CLOEXEC, O_NONBLOCK } from './constants.js';
import { throwErrno } from './errors.js';
import { type Libc, lastErrno, loadLibc } from './libc.js';

function fcntlInt(l: Libc, fd: number, cmd: number, arg: number, syscall: string): number {
  const r = l.fcntl(fd, cmd, 'int', arg) as number;
  if (r < 0) throwErrno(syscall, lastErrno(l));
  return r;
}

/** The two flags daemontools cares about: FD_CLOEXEC (per fd) and O_NONBLOCK (per open file description). */
export function getFdFlags(fd: number): { cloexec: boolean; nonblock: boolean } {
  const l = loadLibc();
  const fdFlags = fcntlInt(l, fd, F_GETFD, 0, 'fcntl');
  const flFlags = fcntlInt(l, fd, F_GETFL, 0, 'fcntl');
  return { cloexec: (fdFlags & FD_CLOEXEC) !== 0, nonblock: (flFlags & O_NONBLOCK) !== 0 };
}

/** Set or clear FD_CLOEXEC. */
export function setCloexec(fd: number, on: boolean): void {
  const l = loadLibc();
  const flags = fcntlInt(l, fd, F_GETFD, 0, 'fcntl');
  const next = on ? flags | FD_CLOEXEC : flags & ~FD_CLOEXEC;
  if (next !== flags) fcntlInt(l, fd, F_SETFD, next, 'fcntl');
}

/** Set or clear O_NONBLOCK (shared by every process holding the same open file description). */
export function setNonBlocking(fd: number, on: boolean): void {
  const l = loadLibc();
  const flags = fcntlInt(l, fd, F_GETFL, 0, 'fcntl');
  const next = on ? flags | O_NONBLOCK : flags & ~O_NONBLOCK;
  if (next !== flags) fcntlInt(l, fd, F_SETFL, next, 'fcntl');
}

/** dup2(2), retried on EINTR. */
export function dup2(oldFd: number, newFd: number): void {
  const l = loadLibc();
  for (;;) {
    if ((l.dup2(oldFd, newFd) as number) >= 0) return;
    const errno = lastErrno(l);
    if (errno !== EINTR) throwErrno('dup2', errno);
  }
}
