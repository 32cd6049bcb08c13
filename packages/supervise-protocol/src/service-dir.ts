// "Can we chdir into this service directory?" without changing the process's cwd. The C clients chdir(dir)
// and report that failure separately ("unable to chdir to DIR"); stat + access(X_OK) fail with the same
// errno chdir would (ENOENT, ENOTDIR, ELOOP, ENAMETOOLONG, EACCES), and a non-directory is ENOTDIR.
import { accessSync, closeSync, constants, openSync, statSync } from 'node:fs';
import { constants as os } from 'node:os';
import { errnoCode } from '@dt/posix';
import { CurrentDirError, ServiceDirError } from './errors.js';

function notADirectory(dir: string): NodeJS.ErrnoException {
  const e: NodeJS.ErrnoException = new Error(`ENOTDIR: not a directory, chdir '${dir}'`);
  e.code = 'ENOTDIR';
  e.errno = -os.errno.ENOTDIR;
  e.syscall = 'chdir';
  e.path = dir;
  return e;
}

/** Throws ServiceDirError (message `unable to chdir to DIR`, cause the errno) when chdir(dir) would fail. */
export function assertServiceDir(dir: string): void {
  let cause: unknown;
  try {
    if (!statSync(dir).isDirectory()) cause = notADirectory(dir);
    else accessSync(dir, constants.X_OK);
  } catch (e) {
    cause = e;
  }
  if (cause !== undefined) throw new ServiceDirError(`unable to chdir to ${dir}`, { cause });
}

/** stat(path) through the symlink: true if it exists, false on ENOENT, any other error thrown. */
export function targetExists(path: string): boolean {
  try {
    statSync(path);
    return true;
  } catch (e) {
    if (errnoCode(e) === 'ENOENT') return false;
    throw e;
  }
}

/**
 * svc and svstat open "." before anything else (to fchdir back after each directory) and die when they
 * cannot: `unable to open current directory: ERR`, exit 111. We never chdir, but we keep the check so the
 * same cwd fails the same way. Throws CurrentDirError.
 */
export function assertCurrentDirReadable(): void {
  try {
    closeSync(openSync('.', constants.O_RDONLY | constants.O_NONBLOCK));
  } catch (e) {
    throw new CurrentDirError('unable to open current directory', { cause: e });
  }
}
