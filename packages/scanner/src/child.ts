// Starting ./run as supervise 0.76 trystart() does: argv {"./run"}, no arguments, no PATH search, the
// service directory as cwd, the caller's environment, the caller's fds 0-2 and nothing else (every fd Node
// opens is close-on-exec). libuv resets every signal disposition to default and empties the mask in the
// child, so ./run sees SigIgn 0 and SigBlk 0 whatever Node ignores itself (SIGPIPE).
import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, constants, openSync, readSync } from 'node:fs';
import { join } from 'node:path';
import { errnoCode, withStartNofile } from '@dt/posix';

/** One slot of the child's fd table: a real fd of ours, or nothing. */
export type ChildFd = number | 'ignore';

export interface StartRunOptions {
  dir: string;
  /** fds 0, 1, 2 and any above (index = the child's fd number). */
  fds: ChildFd[];
  env?: NodeJS.ProcessEnv;
  /** Start it as the leader of a new process group (and session: Node's spawn offers only setsid). */
  processGroup?: boolean;
}

/**
 * What a supervisor needs of a started ./run (the `launch` seam, decision 0005): a ChildProcess, or a hosted
 * logger's handle (pid = the log host's, kill = that signal's effect on that one logger).
 */
export interface LaunchedChild {
  readonly pid?: number | undefined;
  kill(signal?: NodeJS.Signals): boolean;
  unref(): void;
  once(event: 'exit', listener: (code: number | null, signal: NodeJS.Signals | null) => void): this;
  /** Its pid is a process shared with others (a hosted logger's is the log host's): never signal its group. */
  readonly shared?: boolean;
}

/** Why ./run could not be started: `code` is the errno name (ENOENT, EACCES, ENOEXEC, EAGAIN...). */
export interface StartFailure {
  code: string;
  cause: unknown;
}

/** How a supervisor starts ./run: startRun's contract (onStarted or onFailed, exactly once). */
export type Launch = (opts: StartRunOptions, onStarted: (child: LaunchedChild) => void, onFailed: (f: StartFailure) => void) => void;

/** Errnos that mean fork itself failed (0.76: `unable to fork for DIR, sleeping 60 seconds`). */
const FORK_ERRNOS = new Set(['EAGAIN', 'ENOMEM', 'EMFILE', 'ENFILE']);

export function isForkFailure(f: StartFailure): boolean {
  return FORK_ERRNOS.has(f.code);
}

/**
 * glibc's execvp (which libuv uses) runs a file the kernel refuses with ENOEXEC through /bin/sh; 0.76's
 * execve does not ("exec format error"). So refuse what the kernel would: a readable file that starts
 * with neither `#!` nor the ELF magic. An unreadable file is left to the kernel.
 */
function wouldBeExecFormatError(path: string): boolean {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch {
    return false;
  }
  try {
    const head = Buffer.alloc(4);
    const n = readSync(fd, head, 0, 4, 0);
    if (n >= 2 && head[0] === 0x23 && head[1] === 0x21) return false; // #!
    if (n === 4 && head.readUInt32BE(0) === 0x7f454c46) return false; // \x7fELF
    return true;
  } catch {
    return false;
  } finally {
    closeSync(fd);
  }
}

function failure(code: string, cause: unknown): StartFailure {
  return { code, cause };
}

/**
 * Start DIR/run. Calls back exactly once: onStarted(child) when the process exists, or onFailed when it
 * could not be started (synchronously or on a later tick, as Node reports spawn errors).
 */
export function startRun(
  opts: StartRunOptions,
  onStarted: (child: ChildProcess) => void,
  onFailed: (f: StartFailure) => void,
): void {
  const runPath = join(opts.dir, 'run');
  if (wouldBeExecFormatError(runPath)) {
    onFailed(failure('ENOEXEC', undefined));
    return;
  }
  let child: ChildProcess;
  try {
    // svscan's own open-file limit, not the one Node raised (0.76 passes its limits on unchanged)
    child = withStartNofile(() =>
      spawn('./run', [], {
        cwd: opts.dir,
        stdio: opts.fds,
        env: opts.env ?? process.env,
        detached: opts.processGroup === true,
        windowsHide: true,
      }),
    );
  } catch (e) {
    onFailed(failure(errnoCode(e) ?? 'EINVAL', e));
    return;
  }
  if (child.pid === undefined) {
    child.once('error', (e: NodeJS.ErrnoException) => onFailed(failure(e.code ?? 'EINVAL', e)));
    return;
  }
  // A started child can still emit 'error' (for example a failed kill); those are not start failures.
  child.on('error', () => {});
  onStarted(child);
}

/** kill(pid, sig) to the pid only, as 0.76 (never the process group); a vanished pid is not an error. */
export function signalChild(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // ESRCH: already gone (its exit is on the way).
  }
}
