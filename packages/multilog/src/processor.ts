// Runs a log directory's processor as multilog.c startprocessor: /bin/sh -c PROCESSOR in the log directory
// with fd 0 = previous, fd 1 = processed (truncated), fd 4 = state, fd 5 = newstate (truncated), stderr
// inherited, default signal dispositions (libuv resets them in the child). Synchronous: 0.76 reads no input
// while a processor runs.
import { closeSync, constants as C, openSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { errnoText, withStartNofile } from '@dt/posix';

export type ProcessorResult =
  | { outcome: 'ok' }
  | { outcome: 'failed'; reason?: string } // nonzero exit, or a redirect could not be opened
  | { outcome: 'crashed'; signal: string }
  | { outcome: 'spawn-error'; error: Error }; // fork failed

const READ = C.O_RDONLY | C.O_NONBLOCK; // open_read
const TRUNC = C.O_WRONLY | C.O_NONBLOCK | C.O_TRUNC | C.O_CREAT; // open_trunc, 0644

/** One run of `processor` in `dir` (absolute). `stderrFd` is the child's fd 2. */
export function runProcessor(dir: string, processor: string, stderrFd: number | 'inherit' = 'inherit'): ProcessorResult {
  const fds: number[] = [];
  try {
    // Same order as startprocessor; the first failure is what the 0.76 child would die with.
    const open = (name: string, flags: number): number => {
      const fd = openSync(join(dir, name), flags, 0o644);
      fds.push(fd);
      return fd;
    };
    let fd0: number, fd1: number, fd4: number, fd5: number;
    try {
      fd0 = open('previous', READ);
      fd1 = open('processed', TRUNC);
      fd4 = open('state', READ);
      fd5 = open('newstate', TRUNC);
    } catch (e) {
      return { outcome: 'failed', reason: `unable to run ${processor}: ${errnoText(e as NodeJS.ErrnoException)}` };
    }
    // the open-file limit multilog was started with, not the one Node raised
    const r = withStartNofile(() =>
      spawnSync('/bin/sh', ['-c', processor], {
        argv0: 'sh',
        cwd: dir,
        stdio: [fd0, fd1, stderrFd, 'ignore', fd4, fd5],
      }),
    );
    if (r.error) return { outcome: 'spawn-error', error: r.error };
    if (r.signal) return { outcome: 'crashed', signal: r.signal };
    return r.status === 0 ? { outcome: 'ok' } : { outcome: 'failed' };
  } finally {
    for (const fd of fds) closeSync(fd);
  }
}
