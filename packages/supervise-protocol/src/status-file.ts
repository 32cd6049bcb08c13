// Reading and writing supervise/status on disk. The encoding lives in status.ts.
import { closeSync, constants, openSync, readSync } from 'node:fs';
import { StatusFormatError, StatusReadError, StatusWriteError } from './errors.js';
import { statusNewPathOf, statusPathOf } from './paths.js';
import { decodeStatus, encodeStatus, STATUS_SIZE, type ServiceStatus } from './status.js';
import { writeAtomically } from './write-atomically.js';

const { O_RDONLY, O_NONBLOCK } = constants;

/**
 * Write `s` the way supervise does (supervise.c announce()): open_trunc("supervise/status.new")
 * (O_WRONLY|O_NDELAY|O_TRUNC|O_CREAT, mode 0644 & ~umask), one write of 18 bytes, then rename over
 * supervise/status, so readers only ever see a whole record. Throws StatusWriteError with `step` set;
 * its message is supervise's warning text without the errno words.
 */
export function writeStatusFile(serviceDir: string, s: ServiceStatus): void {
  writeStatusBytes(serviceDir, encodeStatus(s));
}

/** As writeStatusFile, for an already encoded 18-byte record. */
export function writeStatusBytes(serviceDir: string, bytes: Uint8Array): void {
  writeAtomically(statusNewPathOf(serviceDir), statusPathOf(serviceDir), bytes, (message, step, cause) =>
    cause === undefined ? new StatusWriteError(message, step) : new StatusWriteError(message, step, { cause }),
  );
}

/**
 * Read supervise/status as svstat does: open_read (O_RDONLY|O_NDELAY) and a single read() of up to 18 bytes.
 * Returns the raw bytes read (possibly fewer than 18). Throws StatusReadError (with `errno`) when the open
 * or the read fails.
 */
export function readStatusBytes(serviceDir: string): Buffer {
  const path = statusPathOf(serviceDir);
  let fd: number;
  try {
    fd = openSync(path, O_RDONLY | O_NONBLOCK);
  } catch (e) {
    throw new StatusReadError(`unable to open ${path}`, 'open', { cause: e });
  }
  try {
    const buf = Buffer.alloc(STATUS_SIZE);
    let n: number;
    try {
      n = readSync(fd, buf, 0, STATUS_SIZE, null);
    } catch (e) {
      throw new StatusReadError(`unable to read ${path}`, 'read', { cause: e });
    }
    return buf.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

/** Read and decode supervise/status; StatusReadError on I/O failure, StatusFormatError when short. */
export function readStatusFile(serviceDir: string): ServiceStatus {
  const bytes = readStatusBytes(serviceDir);
  if (bytes.length < STATUS_SIZE) {
    throw new StatusFormatError(`unable to read ${statusPathOf(serviceDir)}: bad format`);
  }
  return decodeStatus(bytes);
}
