import { accessSync, constants, statSync } from 'node:fs';

/** True when `path` is a regular file this process may execute (finish and shutdown scripts). */
export function isExecutableFile(path: string): boolean {
  try {
    // absent (the usual case: no finish script) without throwing
    if (!statSync(path, { throwIfNoEntry: false })?.isFile()) return false;
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
