// A signal to a service's whole process group from outside its supervisor (dt extension: `dt signal -g`).
// Only dt's supervisor starts ./run as a group leader (DIR/dt-process-group) and says so in dt-status.json
// with the leader's kernel start time; the group is signalled only while that supervisor runs, the status
// pid is the sidecar's, and /proc says that very process (start time) still leads the group (pgrp).
import { errnoCode, readProcStat } from '@dt/posix';
import { GroupSignalError, NoProcessGroupError, NotSupervisedError, SidecarFormatError } from './errors.js';
import { readSidecarFile, type StatusSidecar } from './sidecar.js';
import { assertServiceDir } from './service-dir.js';
import { readStatusFile } from './status-file.js';
import { probeOk } from './svok.js';

/**
 * kill(-pid, signal) for the process group that the service in `dir` leads; resolves with the group id.
 * Rejects with ServiceDirError, NotSupervisedError (no supervisor runs), NoProcessGroupError (down, no
 * group, a real supervise, the leader gone), GroupSignalError (kill failed, e.g. EPERM), or the status
 * read's errors. Each message is a warning text: `unable to signal the process group of DIR: ...`.
 */
export async function signalServiceGroup(dir: string, signal: NodeJS.Signals): Promise<number> {
  assertServiceDir(dir);
  const what = `unable to signal the process group of ${dir}`;
  if (probeOk(dir).state !== 'running') throw new NotSupervisedError(`unable to control ${dir}: supervise not running`, { errno: 'ENXIO' });
  const none = (why: string): never => {
    throw new NoProcessGroupError(`${what}: ${why}`);
  };
  const { pid } = readStatusFile(dir);
  if (pid === 0) none('it is down');
  let side: StatusSidecar | undefined;
  try {
    side = readSidecarFile(dir);
  } catch (e) {
    if (!(e instanceof SidecarFormatError)) throw e;
  }
  if (side?.pid !== pid) none('its supervisor does not record one (not dt)');
  if (side!.processGroup !== true) none('it has none (dt-process-group is not set)');
  const stat = readProcStat(pid);
  if (stat === undefined || stat.pgrp !== pid || (side!.startTime != null && stat.startTime !== side!.startTime)) {
    none(`pid ${pid} no longer leads it`);
  }
  try {
    process.kill(-pid, signal);
  } catch (e) {
    if (errnoCode(e) === 'ESRCH') none(`pid ${pid} no longer leads it`);
    throw new GroupSignalError(what, { cause: e });
  }
  return pid;
}
