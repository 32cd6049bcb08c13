import { O_CLOEXEC, O_NONBLOCK } from './constants.js';
import { throwErrno } from './errors.js';
import { lastErrno, loadLibc } from './libc.js';

/** pipe2(2): a real kernel pipe (not a socketpair), both ends as plain fds. */
export function pipe2(opts?: { cloexec?: boolean; nonblock?: boolean }): [readFd: number, writeFd: number] {
  const l = loadLibc();
  const fds = new Int32Array(2);
  const flags = (opts?.cloexec ? O_CLOEXEC : 0) | (opts?.nonblock ? O_NONBLOCK : 0);
  if ((l.pipe2(fds, flags) as number) !== 0) throwErrno('pipe2', lastErrno(l));
  return [fds[0]!, fds[1]!];
}
