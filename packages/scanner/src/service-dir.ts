// The service directory as supervise 0.76 prepares it at start-up (supervise.c main): the directory must
// be enterable, `down` is read once, `supervise/` is created 0700 (Debian patch 0002: through a dangling
// symlink too), and the lock is taken with flock. No chdir: many supervisors share one process, so every
// path is joined to the directory as given.
import { closeSync, constants, lstatSync, mkdirSync, openSync, readlinkSync, statSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { errnoCode, errnoText, flock } from '@dt/posix';
import { ServiceDirError, assertServiceDir, downPathOf, lockPathOf, superviseDirOf } from '@dt/supervise-protocol';
import { SUPERVISE_ERROR_CODES, SuperviseError } from './errors.js';

/** Debian patch 0002 reads at most 255 bytes of the symlink. */
const READLINK_MAX = 255;

/**
 * chdir(dir) as a check (@dt/supervise-protocol's assertServiceDir): a missing path, a file or a directory
 * without search permission fails the same way. SuperviseError whose cause is the errno.
 */
export function checkServiceDir(dir: string): void {
  const cause = chdirFailure(dir);
  if (cause === undefined) return;
  throw new SuperviseError(SUPERVISE_ERROR_CODES.chdir, `unable to chdir to ${dir}: ${errnoText(cause)}`, dir, {
    cause,
  });
}

/** Why chdir(dir) would fail (the errno error), or undefined when it would not. */
export function chdirFailure(dir: string): unknown {
  try {
    assertServiceDir(dir);
    return undefined;
  } catch (e) {
    if (e instanceof ServiceDirError) return e.cause;
    throw e;
  }
}

/** True when DIR/down exists (read only at start, as 0.76). */
export function isNormallyDown(dir: string): boolean {
  try {
    statSync(downPathOf(dir));
    return true;
  } catch (e) {
    if (errnoCode(e) === 'ENOENT') return false;
    throw new SuperviseError(SUPERVISE_ERROR_CODES.statDown, `unable to stat ${dir}/down: ${errnoText(e)}`, dir, {
      cause: e,
    });
  }
}

/**
 * mkdir DIR/supervise 0700, result ignored as upstream; when that fails and `supervise` is a symlink whose
 * target is missing, create the target 0700 (Debian patch 0002, the same logic as runit's runsv).
 */
export function makeSuperviseDir(dir: string): void {
  const path = superviseDirOf(dir);
  try {
    mkdirSync(path, 0o700);
    return;
  } catch {
    // EEXIST is the usual case; anything else shows up when the lock is opened.
  }
  let target: string;
  try {
    if (!lstatSync(path).isSymbolicLink()) return;
    target = readlinkSync(path);
  } catch (e) {
    const code = errnoCode(e);
    if (code === 'ENOENT' || code === 'EINVAL') return;
    throw new SuperviseError(SUPERVISE_ERROR_CODES.readlink, `unable to readlink ./supervise: ${errnoText(e)}`, dir, {
      cause: e,
    });
  }
  if (Buffer.byteLength(target) > READLINK_MAX) {
    throw new SuperviseError(SUPERVISE_ERROR_CODES.readlink, 'unable to readlink ./supervise: file name too long', dir);
  }
  try {
    mkdirSync(isAbsolute(target) ? target : resolve(dir, target), 0o700);
  } catch {
    // As the patch: ignored; the lock open below reports what is wrong.
  }
}

/**
 * open_append(DIR/supervise/lock) (O_WRONLY|O_APPEND|O_CREAT|O_NONBLOCK, 0600) and flock(LOCK_EX|LOCK_NB).
 * Returns the fd that holds the lock; a lock held elsewhere fails with `temporary failure`, as 0.76.
 */
export function acquireLock(dir: string): number {
  const path = lockPathOf(dir);
  const fail = (e: unknown): never => {
    throw new SuperviseError(SUPERVISE_ERROR_CODES.lock, `unable to acquire ${dir}/supervise/lock: ${errnoText(e)}`, dir, {
      cause: e,
    });
  };
  let fd: number;
  try {
    fd = openSync(path, constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | constants.O_NONBLOCK, 0o600);
  } catch (e) {
    return fail(e);
  }
  try {
    if (!flock(fd, 'exclusive', { wait: false })) {
      throw Object.assign(new Error('lock held'), { code: 'EAGAIN' });
    }
  } catch (e) {
    closeSync(fd);
    return fail(e);
  }
  return fd;
}
