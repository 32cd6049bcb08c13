// A directory named on the command line, as bytes (rawArgs()), made usable by libraries that take string
// paths, and shown as given. UTF-8 names are used as they are. A name that is not UTF-8 is opened (by its
// bytes) and reached through /proc/self/fd/N, which every path under it resolves through. The empty name
// fails every step with ENOENT, as C's chdir("") does (a plain '' would be glued to `/supervise/ok`).
import { constants, openSync } from 'node:fs';
import { bytesOf, textOf } from './raw-argv.js';

export interface DirArg {
  /** What to give the library. */
  path: string;
  /** The name as given (a byte string), for messages and output. */
  shown: string;
}

/** A path that does not exist, below which nothing exists either. */
const NO_SUCH_DIR = '/proc/self/fd/-1';
/** A path that is not a directory (ENOTDIR for anything under it). */
const NOT_A_DIR = '/dev/null';

export function dirArg(arg: string): DirArg {
  if (arg === '') return { path: NO_SUCH_DIR, shown: arg };
  const text = textOf(arg);
  if (bytesOf(text).equals(bytesOf(arg))) return { path: text, shown: arg };
  try {
    return { path: `/proc/self/fd/${openSync(bytesOf(arg), constants.O_RDONLY | constants.O_DIRECTORY)}`, shown: arg };
  } catch (e) {
    return { path: (e as NodeJS.ErrnoException).code === 'ENOTDIR' ? NOT_A_DIR : NO_SUCH_DIR, shown: arg };
  }
}

/** A library message about `d.path`, with the name as given instead. */
export const showDir = (text: string, d: DirArg): string => (d.path === d.shown ? text : text.split(d.path).join(d.shown));
