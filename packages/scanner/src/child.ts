// Starting ./run as supervise 0.76 trystart() does: argv {"./run"}, no arguments, no PATH search, the
// service directory as cwd, the caller's environment, the caller's fds 0-2 and nothing else (every fd Node
// opens is close-on-exec), svscan's own soft RLIMIT_NOFILE, every signal at its default and an empty mask
// (Node ignores SIGPIPE and SIGXFSZ). Through posix_spawn (spawned-child.ts, decision 0018), not Node's
// child_process: no copy of this process per start, and a file the kernel cannot run fails with ENOEXEC as
// with 0.76's execve (glibc's execvp, which libuv uses, would run it through /bin/sh).
import { errnoCode, errnoName } from '@dt/posix';
import { type SpawnedChild, spawnChild } from './spawned-child.js';

/** One slot of the child's fd table: a real fd of ours, or nothing. */
export type ChildFd = number | 'ignore';

export interface StartRunOptions {
  dir: string;
  /** fds 0, 1, 2 and any above (index = the child's fd number). */
  fds: ChildFd[];
  env?: NodeJS.ProcessEnv;
  /** Start it as the leader of a new session and process group (setsid, as Node's `detached` did). */
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

function failure(code: string, cause: unknown): StartFailure {
  return { code, cause };
}

/**
 * Start DIR/run. Calls back exactly once, synchronously: onStarted(child) when the process exists, or
 * onFailed when it could not be started.
 */
export function startRun(
  opts: StartRunOptions,
  onStarted: (child: SpawnedChild) => void,
  onFailed: (f: StartFailure) => void,
): void {
  let r: ReturnType<typeof spawnChild>;
  try {
    r = spawnChild('./run', ['./run'], { cwd: opts.dir, fds: opts.fds, env: opts.env, setsid: opts.processGroup === true });
  } catch (e) {
    onFailed(failure(errnoCode(e) ?? 'EINVAL', e));
    return;
  }
  if ('errno' in r) {
    onFailed(failure(errnoName(r.errno) ?? 'EINVAL', undefined));
    return;
  }
  onStarted(r);
}

/** kill(pid, sig) to the pid only, as 0.76 (never the process group); a vanished pid is not an error. */
export function signalChild(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // ESRCH: already gone (its exit is on the way).
  }
}
