// fghack.c's fork side: the child gets 31 copies of a pipe's write end (fds 3-33, as 0.76's pipe plus 30
// dup()s); the parent reads until every copy is closed (the child and anything it left behind are gone),
// then waits for the child. Synchronous, as in C: nothing else happens meanwhile. The child is started with
// posix_spawn through @dt/posix (pathexec_run's lookup, no /bin/sh retry on ENOEXEC as Node's spawn does).
import { closeSync, readSync } from 'node:fs';
import { type ExecEnv, pipe2, prepareStdioForExec, spawnProgram, waitpid } from '@dt/posix';
import { hideNodeStrayFds, reinheritStartFds } from './chainload.js';

const FIRST_COPY = 3;
const COPIES = 31;

export type ForegroundResult =
  | { kind: 'exited'; code: number }
  | { kind: 'crashed'; signal: number }
  | { kind: 'failed'; step: 'create pipe' | 'run' | 'wait'; cause: unknown };

export function runInForeground(argv: readonly string[], env: ExecEnv): ForegroundResult {
  let fds: [number, number];
  try {
    fds = pipe2({ cloexec: true });
  } catch (cause) {
    return { kind: 'failed', step: 'create pipe', cause };
  }
  const [r, w] = fds;
  reinheritStartFds(); // the caller's fds above 33 too, not only those Node left alone
  hideNodeStrayFds();
  prepareStdioForExec(); // the child inherits fds 0-2 as they are: not close-on-exec, blocking
  const dup2 = Array.from({ length: COPIES }, (_, i) => [w, FIRST_COPY + i] as const);
  const started = spawnProgram(argv[0]!, argv, { env, dup2 });
  closeSync(w);
  if ('errno' in started) {
    closeSync(r);
    return { kind: 'failed', step: 'run', cause: started.errno };
  }
  const buf = Buffer.alloc(4096);
  for (;;) {
    let n: number;
    try {
      n = readSync(r, buf, 0, buf.length, null);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EINTR') continue;
      break; // as 0.76: any read error ends the wait for the pipe
    }
    if (n === 0) break;
  }
  closeSync(r);
  let status;
  try {
    status = waitpid(started.pid);
  } catch (cause) {
    return { kind: 'failed', step: 'wait', cause };
  }
  return status.exited ? { kind: 'exited', code: status.code } : { kind: 'crashed', signal: status.signal };
}
