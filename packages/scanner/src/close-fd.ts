// Closing an fd this process owns, when there is nothing to do about a failure (it is closed either way).
import { closeSync } from 'node:fs';

/** Close `fd` (nothing for a negative one), ignoring errors; returns -1, to store back: `fd = closeFd(fd)`. */
export function closeFd(fd: number): -1 {
  if (fd >= 0) {
    try {
      closeSync(fd);
    } catch {
      // EBADF cannot happen for an fd we own and have not closed; anything else leaves nothing to do.
    }
  }
  return -1;
}
