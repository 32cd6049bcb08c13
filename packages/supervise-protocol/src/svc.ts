// svc for one directory (daemontools 0.76 svc.c): open supervise/control write-only and non-blocking
// (ENXIO: no reader, supervise not running), then write every letter in one write() (under PIPE_BUF, so
// atomic). svc then waits on a full FIFO in a blocking write; we cannot clear O_NONBLOCK without fcntl, so
// we retry the same single write on EAGAIN instead, which has the same effect.
import { closeSync, constants, openSync, writeSync } from 'node:fs';
import { errnoCode } from '@dt/posix';
import { encodeControl, type ControlLetter } from './control.js';
import { ControlOpenError, ControlWriteError, NotSupervisedError } from './errors.js';
import { controlPathOf } from './paths.js';
import { assertServiceDir } from './service-dir.js';

const RETRY_MS = 10;

/**
 * Send control letters to the supervise running in `dir`, as `svc -LETTERS dir` does. Letters are
 * de-duplicated in order (at most 20 bytes); none at all still checks that control can be opened.
 * Rejects with ServiceDirError, NotSupervisedError, ControlOpenError or ControlWriteError, whose messages are
 * svc's warning texts (`unable to control DIR: supervise not running`) and whose `cause` holds the errno.
 */
export async function sendControl(dir: string, letters: string | readonly ControlLetter[]): Promise<void> {
  const bytes = encodeControl(letters);
  assertServiceDir(dir);
  let fd: number;
  try {
    fd = openSync(controlPathOf(dir), constants.O_WRONLY | constants.O_NONBLOCK);
  } catch (e) {
    if (errnoCode(e) === 'ENXIO') throw new NotSupervisedError(`unable to control ${dir}: supervise not running`, { errno: 'ENXIO' });
    throw new ControlOpenError(`unable to control ${dir}`, { cause: e });
  }
  try {
    while (bytes.length > 0) {
      try {
        writeSync(fd, bytes, 0, bytes.length);
        break;
      } catch (e) {
        if (errnoCode(e) !== 'EAGAIN') throw new ControlWriteError(`error writing commands to ${dir}`, { cause: e });
      }
      await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
    }
  } finally {
    closeSync(fd);
  }
}
