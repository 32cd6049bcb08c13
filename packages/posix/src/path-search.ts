// daemontools 0.76 pathexec_run.c, the lookup part (pure): which paths to try, in order.

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
