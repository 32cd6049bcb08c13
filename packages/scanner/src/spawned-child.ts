// A child started with @dt/posix's posix_spawn instead of Node's child_process (decision 0018). Node's
// spawn() forks its whole ~50 MB process synchronously (7-11 ms of page-table copying on every restart);
// glibc's posix_spawn is vfork-like (CLONE_VM | CLONE_VFORK): the parent waits only for the child's exec.
// Its exit is learnt through a pidfd that libuv watches: the pidfd turns readable when the process ends
// (a read of it then fails with EINVAL, which is the signal), and waitpid(pid, WNOHANG) collects the status.
// Node's public handles refuse a pidfd (its inode has no file type: ERR_INVALID_FD_TYPE), so it is opened
// as a bare libuv pipe handle from the pipe_wrap binding (lighter than a net.Socket around it). Where that binding cannot be
// had (a permission model, a future Node), exits are learnt as libuv learns of its own children's: on
// SIGCHLD, a waitpid(pid, WNOHANG) per child of ours.
// The pids being collected here are registered process-wide, so that an init's orphan reaper
// (orphan-reaper.ts) never takes their status.
import { EventEmitter } from 'node:events';
import { constants as osConstants } from 'node:os';
import { type SpawnFd, type WaitStatus, collectChild, pidfdOpen, spawnProgram, withStartNofile } from '@dt/posix';

const REGISTRY = Symbol.for('dt.scanner.spawnedChildren');
type Registry = Map<number, SpawnedChild>;

/** Every SpawnedChild not yet collected, by pid (shared by every copy of this module in the process). */
function registry(): Registry {
  const g = globalThis as { [REGISTRY]?: Registry };
  return (g[REGISTRY] ??= new Map());
}

/** True while `pid` is a child started here whose status is still to be collected here. */
export function isSpawnedChild(pid: number): boolean {
  return registry().has(pid);
}

const SIGNAL_NAMES = new Map<number, NodeJS.Signals>(
  Object.entries(osConstants.signals).map(([name, n]) => [n, name as NodeJS.Signals]),
);

interface PipeHandle {
  open(fd: number): number;
  readStart(): number;
  readStop(): number;
  unref(): void;
  close(): void;
  onread: (() => void) | undefined;
}
type PipeClass = new (type: number) => PipeHandle;

let pipeBinding: { Pipe: PipeClass; SOCKET: number } | null | undefined;

/** libuv's pipe handle, from Node's pipe_wrap binding; null where it cannot be had. */
function pipeHandles(): { Pipe: PipeClass; SOCKET: number } | null {
  if (pipeBinding !== undefined) return pipeBinding;
  try {
    const b = (process as unknown as { binding(name: string): { Pipe: PipeClass; constants: { SOCKET: number } } }).binding('pipe_wrap');
    pipeBinding = typeof b.Pipe === 'function' && typeof b.constants?.SOCKET === 'number' ? { Pipe: b.Pipe, SOCKET: b.constants.SOCKET } : null;
  } catch {
    pipeBinding = null;
  }
  return pipeBinding;
}

/**
 * A libuv handle on a pidfd of `pid`, reading: libuv polls it, and the read it tries once the process has
 * ended fails (EINVAL), which calls onEnd. Owns the pidfd (closing the handle closes it). The handle does not
 * hold the loop (holdLoop() does). undefined when it cannot be had.
 */
function watchPidfd(pid: number, onEnd: () => void): PipeHandle | undefined {
  const handles = pipeHandles();
  if (handles === null) return undefined;
  let fd: number;
  try {
    fd = pidfdOpen(pid);
  } catch {
    return undefined; // a kernel before 5.3
  }
  const handle = new handles.Pipe(handles.SOCKET);
  handle.onread = onEnd;
  if (handle.open(fd) !== 0 || handle.readStart() !== 0) {
    handle.close();
    return undefined;
  }
  handle.unref();
  return handle;
}

let listening = false;
/** Holds the event loop open while a referenced child runs (a signal watcher never does). */
let keepAlive: NodeJS.Timeout | undefined;
let refs = 0;

function onSigchld(): void {
  // one SIGCHLD may stand for several exits (pending signals merge): look at every child
  for (const child of [...registry().values()]) child.collect();
}

function listen(): void {
  if (listening) return;
  listening = true;
  // an exit before this listener was there is caught by the collect() the constructor queues
  process.on('SIGCHLD', onSigchld);
}

function holdLoop(on: boolean): void {
  refs += on ? 1 : -1;
  if (keepAlive === undefined) {
    keepAlive = setInterval(() => {}, 2 ** 30);
    keepAlive.unref();
  }
  if (refs === 1 && on) keepAlive.ref();
  if (refs === 0) keepAlive.unref();
}

export interface SpawnChildOptions {
  /** The child's cwd. */
  cwd: string;
  /** Its fd table (index = its fd number). */
  fds: readonly SpawnFd[];
  env?: NodeJS.ProcessEnv;
  /** setsid(): a session and process group of its own. */
  setsid?: boolean;
}

/**
 * A running child as the supervisor sees it (the LaunchedChild contract of child.ts): pid, kill, unref and
 * one 'exit' (code, signal) once its status has been collected.
 */
export class SpawnedChild extends EventEmitter<{ exit: [code: number | null, signal: NodeJS.Signals | null] }> {
  readonly pid: number;
  exitCode: number | null = null;
  signalCode: NodeJS.Signals | null = null;
  private collected = false;
  private referenced = true;
  private watcher: PipeHandle | undefined;

  constructor(pid: number) {
    super();
    this.pid = pid;
    registry().set(pid, this);
    holdLoop(true);
    // Opened here, not after the caller has written the new pid to status (that would save ~0.1 ms of the
    // restart path): the pidfd is an fd the start costs, and one taken later lets a tree that is out of fds
    // take charge of more directories than it can then write status for (svscan-orphans' EMFILE test).
    this.watcher = watchPidfd(pid, () => this.onPidfd());
    if (this.watcher === undefined) {
      listen();
      queueMicrotask(() => this.collect()); // an exit before the SIGCHLD listener was there (after 'exit' listeners are on)
    }
  }

  private onPidfd(): void {
    this.collect(); // the handle is closed after the exit has been reported (its status written first)
    // readable only once the process has ended: never expected, but then SIGCHLD tells
    if (!this.collected) {
      this.unwatch();
      listen();
      this.collect();
    }
  }

  /** kill(pid, signal) to this child only; false once it has been collected (its pid may be reused). */
  kill(signal: NodeJS.Signals | number = 'SIGTERM'): boolean {
    if (this.collected) return false;
    try {
      process.kill(this.pid, signal);
      return true;
    } catch {
      return false;
    }
  }

  /** Let the event loop end while it runs. */
  unref(): void {
    if (!this.referenced) return;
    this.referenced = false;
    if (!this.collected) holdLoop(false);
  }

  ref(): void {
    if (this.referenced) return;
    this.referenced = true;
    if (!this.collected) holdLoop(true);
  }

  private unwatch(): void {
    const w = this.watcher;
    if (w === undefined) return;
    this.watcher = undefined;
    w.readStop();
    w.close();
  }

  /** waitpid(pid, WNOHANG): emits 'exit' once it has ended. */
  collect(): void {
    if (this.collected) return;
    const r = collectChild(this.pid);
    if (r === 'running') return;
    this.collected = true;
    registry().delete(this.pid);
    if (this.referenced) holdLoop(false);
    const status: WaitStatus | undefined = r === 'gone' ? undefined : r;
    if (status?.exited === true) this.exitCode = status.code;
    else if (status !== undefined) this.signalCode = SIGNAL_NAMES.get(status.signal) ?? null;
    try {
      this.emit('exit', this.exitCode, this.signalCode);
    } finally {
      this.unwatch();
    }
  }
}

/**
 * posix_spawn `file` (a path; no PATH search when it has a slash) with argv, in opts.cwd, with opts.fds, every
 * signal at its default and an empty mask, and the soft RLIMIT_NOFILE this process was started with.
 * Returns the running child, or the errno of a failed clone, chdir or exec (ENOEXEC is not retried through
 * /bin/sh, as with execve). Throws a PosixError for an unusable fd.
 */
export function spawnChild(file: string, argv: readonly string[], opts: SpawnChildOptions): SpawnedChild | { errno: number } {
  const r = spawnProgram(file, argv, { env: opts.env ?? process.env, fds: opts.fds, cwd: opts.cwd, setsid: opts.setsid === true, around: withStartNofile });
  if ('errno' in r) return r;
  return new SpawnedChild(r.pid);
}
