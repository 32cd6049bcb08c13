// A log directory's processor, as multilog.c runs it. runProcessor is startprocessor: /bin/sh -c PROCESSOR
// in the log directory with fd 0 = previous, fd 1 = processed (truncated), fd 4 = state, fd 5 = newstate
// (truncated), stderr inherited, default signal dispositions (libuv resets them in the child).
// processPrevious is the rest of fullcurrent's processor step: run it until it succeeds, then make
// processed and newstate durable and replace state. Synchronous: 0.76 reads no input while a processor runs.
import { closeSync, constants as C, fchmodSync, fsyncSync, openSync, renameSync, unlinkSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { errnoText, withStartNofile } from '@dt/posix';
import type { Retrier } from './retry.js';

export type ProcessorResult =
  | { outcome: 'ok' }
  | { outcome: 'failed'; reason?: string } // nonzero exit, or a redirect could not be opened
  | { outcome: 'crashed'; signal: string }
  | { outcome: 'spawn-error'; error: Error }; // fork failed

const READ = C.O_RDONLY | C.O_NONBLOCK; // open_read
const TRUNC = C.O_WRONLY | C.O_NONBLOCK | C.O_TRUNC | C.O_CREAT; // open_trunc, 0644
const APPEND = C.O_WRONLY | C.O_NONBLOCK | C.O_APPEND | C.O_CREAT; // open_append

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
      return { outcome: 'failed', reason: `unable to run ${processor}: ${errnoText(e)}` };
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

/** The log directory a processor runs for, and how its failures are reported. */
export interface ProcessedDir {
  /** Absolute path. */
  path: string;
  /** As the script names it (in messages). */
  name: string;
  /** The processor's fd 2. */
  stderrFd: number | 'inherit';
  retrier: Retrier;
  /** A processor that cannot even start: `unable to run PROCESSOR: ERR`. */
  onProcessorError: (text: string) => void;
}

/**
 * multilog.c fullcurrent() after previous is made: runs `processor` over DIR/previous until it exits 0
 * (warning and pausing as 0.76 does), syncs processed and newstate, removes previous and renames newstate
 * to state. The caller then archives processed (finish).
 */
export function processPrevious(dir: ProcessedDir, processor: string): void {
  const p = (file: string) => join(dir.path, file);
  const r = dir.retrier;
  for (;;) {
    const res = runProcessor(dir.path, processor, dir.stderrFd);
    if (res.outcome === 'ok') break;
    if (res.outcome === 'spawn-error') {
      r.warnAndPause(`unable to fork for processor in ${dir.name}, pausing: ${errnoText(res.error)}`);
      continue;
    }
    if (res.outcome === 'crashed') {
      // 0.76 prints strerr_sys here: whatever errno still holds, in practice ENOENT left by an earlier
      // stat/unlink of a missing file (observed: "pausing: file does not exist"); then "processor failed"
      r.warnAndPause(`processor crashed in ${dir.name}, pausing: file does not exist`);
    } else if (res.reason !== undefined) {
      dir.onProcessorError(res.reason);
    }
    r.warnAndPause(`processor failed in ${dir.name}, pausing`);
  }
  const closeAfter = (fd: number, fn: () => void) => {
    try {
      fn();
    } finally {
      closeSync(fd);
    }
  };
  const fdp = r.retry(`unable to create ${dir.name}/processed`, () => openSync(p('processed'), APPEND, 0o600));
  closeAfter(fdp, () => {
    r.retry(`unable to write ${dir.name}/processed to disk`, () => fsyncSync(fdp));
    r.retry(`unable to set mode of ${dir.name}/processed`, () => fchmodSync(fdp, 0o744));
  });
  const fdn = r.retry(`unable to create ${dir.name}/newstate`, () => openSync(p('newstate'), APPEND, 0o600));
  closeAfter(fdn, () => r.retry(`unable to write ${dir.name}/newstate to disk`, () => fsyncSync(fdn)));
  r.retry(`unable to remove ${dir.name}/previous`, () => unlinkSync(p('previous')));
  r.retry(`unable to rename newstate to state in directory ${dir.name}`, () =>
    renameSync(p('newstate'), p('state')),
  );
}
