import { throwErrno } from './errors.js';
import { lastErrno, loadLibc } from './libc.js';

/** setsid(2): a new session and process group led by this process; returns the session id. */
export function setsid(): number {
  const l = loadLibc();
  const sid = l.setsid() as number;
  if (sid < 0) throwErrno('setsid', lastErrno(l));
  return sid;
}
