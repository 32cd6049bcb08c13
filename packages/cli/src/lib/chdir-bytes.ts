// chdir(2) and fchdir(2) for names given as bytes (rawArgs() byte strings). process.chdir takes only text,
// so a name that is not UTF-8 is opened by its bytes (O_PATH: no read permission needed, as chdir needs
// none) and entered through /proc/self/fd/N, where chdir checks search permission as it would on the name.
import { closeSync, constants, openSync } from 'node:fs';
import { bytesOf, textOf } from './raw-argv.js';

/** O_PATH (Linux): a handle to a name, for nothing but naming it again. Node's fs.constants lacks it. */
const O_PATH = 0o10000000;

/** chdir to `name`, a byte string; throws the system error as chdir would report it. */
export function chdirBytes(name: string): void {
  const text = textOf(name);
  if (name === '' || bytesOf(text).equals(bytesOf(name))) {
    process.chdir(text); // '' fails with ENOENT, as chdir("") does
    return;
  }
  const fd = openSync(bytesOf(name), O_PATH | constants.O_DIRECTORY);
  try {
    fchdir(fd);
  } finally {
    closeSync(fd);
  }
}

/** fchdir(fd), through /proc/self/fd. */
export function fchdir(fd: number): void {
  process.chdir(`/proc/self/fd/${fd}`);
}
