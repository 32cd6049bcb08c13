// daemontools 0.76 pathexec_run.c: which paths to try, in order (pure), and when to go on to the next.
import { EACCES, EISDIR, ENOENT, EPERM } from './constants.js';

/** The default search path when PATH is unset. */
export const DEFAULT_PATH = '/bin:/usr/bin';

/**
 * Candidate paths for `file`: the name itself when it contains a slash, otherwise each PATH element
 * (an empty element is the current directory, spelled `.`) joined with the name.
 */
export function searchCandidates(file: string, path: string | undefined): string[] {
  if (file.includes('/')) return [file];
  return (path ?? DEFAULT_PATH).split(':').map((dir) => `${dir === '' ? '.' : dir}/${file}`);
}

/**
 * pathexec_run's retry rule over `candidates`: `attempt` returns 0 on success or the errno. ENOENT tries the
 * next; EACCES/EPERM/EISDIR are remembered and the next is tried; any other errno stops. Returns 0, or the
 * errno (the remembered one when every candidate failed, ENOENT when none was remembered).
 * Allocates nothing (indexed loop, no iterator): execvp calls it after softlimit has lowered the limits.
 */
export function tryCandidates<P extends string | Uint8Array>(candidates: readonly P[], attempt: (path: P) => number): number {
  let saved = 0;
  for (let i = 0; i < candidates.length; i++) {
    const errno = attempt(candidates[i]!);
    if (errno === 0) return 0;
    if (errno === ENOENT) continue;
    saved = errno;
    if (errno !== EACCES && errno !== EPERM && errno !== EISDIR) return errno;
  }
  return saved === 0 ? ENOENT : saved;
}
