import { throwErrno } from './errors.js';
import { lastErrno, loadLibc } from './libc.js';

/** mkfifo(3); the mode is subject to the umask. Throws PosixError, EEXIST included (callers decide). */
export function mkfifo(path: string, mode: number): void {
  const l = loadLibc();
  if ((l.mkfifo(path, mode) as number) !== 0) throwErrno('mkfifo', lastErrno(l));
}
