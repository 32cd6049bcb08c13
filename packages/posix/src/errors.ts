import { errnoName, errnoText } from './errno-text.js';

/** A failed system call. `code` is the errno name (`ENOENT`), `errno` the positive number. */
export class PosixError extends Error {
  override readonly name = 'PosixError';
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
