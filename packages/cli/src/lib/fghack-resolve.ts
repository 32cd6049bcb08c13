// fghack must fork, so it cannot exec in place; Node's spawn searches PATH like execvp, not like
// daemontools' pathexec_run. This resolves the program the pathexec_run way first (same candidates, same
// preference for "access denied" over "file does not exist"), so spawn gets a path and the errors match.
import { constants, statSync } from 'node:fs';
import { accessSync } from 'node:fs';
import { searchCandidates } from '@dt/posix';

export type Resolved = { ok: true; path: string } | { ok: false; code: string };

/** What execve(candidate) would say, judged from the file system: undefined when it would run. */
function execErrorOf(path: string): string | undefined {
  try {
    if (statSync(path).isDirectory()) return 'EACCES';
    accessSync(path, constants.X_OK);
    return undefined;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code ?? 'EACCES';
  }
}

export function resolveProgram(file: string, path: string | undefined): Resolved {
  let saved: string | undefined;
  for (const candidate of searchCandidates(file, path)) {
    const code = execErrorOf(candidate);
    if (code === undefined) return { ok: true, path: candidate };
    if (code === 'ENOENT') continue;
    saved = code;
    if (code !== 'EACCES' && code !== 'EPERM' && code !== 'EISDIR') return { ok: false, code };
  }
  return { ok: false, code: saved ?? 'ENOENT' };
}
