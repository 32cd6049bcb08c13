// envdir's directory reading (daemontools 0.76 envdir.c + openreadclose.c), quirks included:
// - entries in readdir order (unsorted), names starting with `.` skipped, names not validated;
// - each file read whole; 0 bytes removes the variable; otherwise the value is the bytes up to the first
//   newline, trailing spaces and tabs stripped, NULs turned into newlines;
// - a name that cannot be opened because it does not exist (dangling symlink, file vanished) is NOT an
//   error and does not clear envdir's buffer: the variable gets the previous file's leftover value
//   (terminated by a newline, from the NUL envdir appended), or is removed when nothing was read before;
// - any other open or read error (a subdirectory: "is a directory"; a symlink loop) is fatal.
import { closeSync, constants, opendirSync, openSync, readSync } from 'node:fs';
import { errnoCode } from '@dt/posix';
import { ChainloadError } from './chainload-errors.js';
import type { EnvChange } from './chainload-env.js';
import { chdirBytes, fchdir } from './chdir-bytes.js';

/** envdir's reusable read buffer (a djb stralloc): its bytes and its length survive between files. */
export class EnvdirBuffer {
  private bytes = Buffer.alloc(256);
  len = 0;

  /** readclose(): empty the buffer, then read the whole fd. */
  readAll(fd: number): void {
    this.len = 0;
    for (;;) {
      if (this.bytes.length - this.len < 256) this.grow(this.len + 256);
      const n = readSync(fd, this.bytes, this.len, this.bytes.length - this.len, null);
      if (n === 0) return;
      this.len += n;
    }
  }

  /** Process the buffer in place as envdir.c does; the variable's new value (a copy; undefined: remove). */
  take(): Buffer | undefined {
    if (this.len === 0) return undefined;
    const s = this.bytes;
    let len = s.subarray(0, this.len).indexOf(0x0a);
    if (len < 0) len = this.len;
    while (len > 0 && (s[len - 1] === 0x20 || s[len - 1] === 0x09)) len--;
    for (let i = 0; i < len; i++) if (s[i] === 0) s[i] = 0x0a;
    if (len + 1 > s.length) this.grow(len + 1);
    this.bytes[len] = 0; // stralloc_0: part of the buffer from now on
    this.len = len + 1;
    return Buffer.from(this.bytes.subarray(0, len));
  }

  private grow(size: number): void {
    const next = Buffer.alloc(Math.max(size, this.bytes.length * 2));
    this.bytes.copy(next, 0, 0, this.len);
    this.bytes = next;
  }
}

/**
 * The variable changes a directory asks for, in readdir order. `dir` is used as given (relative to the
 * current directory, by its bytes: rawArgs()) and appears as given in errors (ChainloadError with
 * daemontools' text). As 0.76: the current directory is opened first (read access, as open_read(".")),
 * entered again by that fd afterwards (fchdir), so a starting directory whose name is not UTF-8 works too.
 */
export function readEnvDir(dir: string): EnvChange[] {
  let origin: number;
  try {
    origin = openSync('.', constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    throw new ChainloadError('unable to switch to current directory', e);
  }
  try {
    chdirBytes(dir);
  } catch (e) {
    closeSync(origin);
    throw new ChainloadError(`unable to switch to directory ${dir}`, e);
  }
  try {
    let handle;
    try {
      // names as bytes (they need not be UTF-8); @types/node lists only string encodings for opendir
      handle = opendirSync('.', { encoding: 'buffer' as BufferEncoding });
    } catch (e) {
      throw new ChainloadError(`unable to read directory ${dir}`, e);
    }
    const changes: EnvChange[] = [];
    const sa = new EnvdirBuffer();
    try {
      for (;;) {
        let d;
        try {
          d = handle.readSync();
        } catch (e) {
          throw new ChainloadError(`unable to read directory ${dir}`, e);
        }
        if (d === null) break;
        const name = d.name as unknown as Buffer;
        if (name[0] === 0x2e) continue; // `.`
        readOne(name, sa, dir);
        changes.push([name, sa.take()]);
      }
    } finally {
      handle.closeSync();
    }
    return changes;
  } finally {
    try {
      fchdir(origin);
    } catch (e) {
      throw new ChainloadError('unable to switch to starting directory', e);
    } finally {
      closeSync(origin);
    }
  }
}

/** openreadclose(): ENOENT leaves the buffer as it was. */
function readOne(name: Buffer, sa: EnvdirBuffer, dir: string): void {
  let fd: number;
  try {
    fd = openSync(name, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    if (errnoCode(e) === 'ENOENT') return;
    throw new ChainloadError(`unable to read ${dir}/${name.toString('latin1')}`, e);
  }
  try {
    sa.readAll(fd);
  } catch (e) {
    throw new ChainloadError(`unable to read ${dir}/${name.toString('latin1')}`, e);
  } finally {
    closeSync(fd);
  }
}
