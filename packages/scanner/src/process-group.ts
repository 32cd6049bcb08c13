// Signals to a whole process group (dt extension): ./run started as a group leader (its pgid is its pid)
// takes every process it forked along, so a shell that leaves children behind leaves nothing once the
// group has been told TERM and, after the kill timeout, KILL.
import { errnoCode } from '@dt/posix';

/** kill(-pgid, sig); false when the group has no member left (ESRCH). */
export function signalGroup(pgid: number, signal: NodeJS.Signals | 0): boolean {
  if (!(pgid > 1)) return false;
  try {
    process.kill(-pgid, signal);
    return true;
  } catch (e) {
    if (errnoCode(e) === 'ESRCH') return false;
    return true; // EPERM: someone is there
  }
}

/** True while any process is in the group. */
export function groupAlive(pgid: number): boolean {
  return signalGroup(pgid, 0);
}
