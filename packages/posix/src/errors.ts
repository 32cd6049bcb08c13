import { errnoName, errnoText } from './errno-text.js';

/**
 * A failed system call. `code` is the errno name (`ENOENT`), `errno` the positive number. As every dt error
 * (execa's convention): `name` is the class's, `code` is stable, an underlying error is `cause`.
 */
export class PosixError extends Error {
  override name: string = this.constructor.name;
  readonly code: string;
  readonly errno: number;
  readonly syscall: string;

  constructor(syscall: string, errno: number, options?: { cause?: unknown }) {
    const code = errnoName(errno) ?? `E${errno}`;
    super(`${syscall}: ${errnoText(errno)} (${code})`, options);
    this.syscall = syscall;
    this.errno = errno;
    this.code = code;
  }
}

/** Throw the PosixError for a libc call that returned -1. */
export function throwErrno(syscall: string, errno: number): never {
  throw new PosixError(syscall, errno);
}
