// The one way supervise's files are written (supervise.c announce()): open_trunc(NAME.new) (O_WRONLY|
// O_NDELAY|O_TRUNC|O_CREAT, mode 0644 & ~umask), one write, close, rename over NAME, so readers only ever
// see a whole file. Used for supervise/status and dt's supervise/dt-status.json. Internal.
import { closeSync, constants, openSync, renameSync, writeSync } from 'node:fs';
import { basename } from 'node:path';

export type WriteStep = 'open' | 'write' | 'rename';

/**
 * Write `bytes` to `tmp`, then rename it to `path`. A failure throws what `fail` makes of it:
 * `unable to open TMP`, `unable to write TMP` (`: partial write` for a short write, without a cause),
 * `unable to rename TMP to BASENAME`, with the Node error as cause.
 */
export function writeAtomically(tmp: string, path: string, bytes: Uint8Array, fail: (message: string, step: WriteStep, cause?: unknown) => Error): void {
  let fd: number;
  try {
    fd = openSync(tmp, constants.O_WRONLY | constants.O_NONBLOCK | constants.O_TRUNC | constants.O_CREAT, 0o644);
  } catch (e) {
    throw fail(`unable to open ${tmp}`, 'open', e);
  }
  try {
    let n: number;
    try {
      n = writeSync(fd, bytes, 0, bytes.length);
    } catch (e) {
      throw fail(`unable to write ${tmp}`, 'write', e);
    }
    if (n < bytes.length) throw fail(`unable to write ${tmp}: partial write`, 'write');
  } finally {
    closeSync(fd);
  }
  try {
    renameSync(tmp, path);
  } catch (e) {
    throw fail(`unable to rename ${tmp} to ${basename(path)}`, 'rename', e);
  }
}
