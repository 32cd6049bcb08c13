import { EINTR, SIGKILL, SIGSET_BYTES, SIGSTOP } from './constants.js';
import { type ExecEnv, environOf } from './exec.js';
import { throwErrno } from './errors.js';
import { lastErrno, loadLibc } from './libc.js';
import { searchCandidates, tryCandidates } from './path-search.js';
import { type SpawnFd, planFds } from './spawn-fds.js';
import { setNonBlocking } from './fcntl.js';

const OPAQUE_BYTES = 512; // >= sizeof(posix_spawn_file_actions_t) (80) and sizeof(posix_spawnattr_t) (336)
const POSIX_SPAWN_SETSIGDEF = 0x04;
const POSIX_SPAWN_SETSIGMASK = 0x08;
const POSIX_SPAWN_SETSID = 0x80; // glibc >= 2.26

/**
 * Every signal but KILL and STOP, as a sigset_t: all go back to SIG_DFL in the child. Real-time ones too:
 * glibc's posix_spawn sets its internal signals (32, 33) to SIG_IGN in the child unless told otherwise,
 * and an ignored signal stays ignored across execve.
 */
let everySignalSet: Uint8Array | undefined;
const NO_SIGNALS = new Uint8Array(SIGSET_BYTES);

function everySignal(): Uint8Array {
  if (everySignalSet !== undefined) return everySignalSet;
  const set = new Uint8Array(SIGSET_BYTES);
  for (let sig = 1; sig <= 64; sig++) {
    if (sig === SIGKILL || sig === SIGSTOP) continue;
    set[(sig - 1) >> 3]! |= 1 << ((sig - 1) & 7);
  }
  everySignalSet = set;
  return set;
}

export interface SpawnOptions {
  /** The new environ (default: process.env). */
  env?: ExecEnv;
  /** [from, to] pairs: dup2(from, to) in the child, in order (to === from just clears FD_CLOEXEC). */
  dup2?: readonly (readonly [number, number])[];
  /**
   * The child's whole fd table instead (index = its fd number): our fd, or 'ignore' (/dev/null at 0-2,
   * nothing above). The open files that become 0-2 lose O_NONBLOCK (shared with us: libuv's child does the
   * same for Node's spawn). Every other fd of ours must be close-on-exec (every fd Node opens is).
   */
  fds?: readonly SpawnFd[];
  /** The child's working directory (chdir before the exec; its failure is the spawn's errno). */
  cwd?: string;
  /** setsid() in the child: a new session and process group it leads. */
  setsid?: boolean;
  /**
   * Runs the posix_spawn call itself, after everything is prepared: for a caller that changes what the
   * child inherits for the moment of the clone (withStartNofile lowers RLIMIT_NOFILE; glibc checks the fds
   * of the file actions against that limit when they are added, so they are added before).
   */
  around?: (spawn: () => number) => number;
}

/**
 * Start `file` as a child the way a C program does with fork + daemontools' pathexec_run: the same PATH
 * lookup as execvp (ENOENT tries the next candidate, EACCES/EPERM/EISDIR are remembered), no shell fallback
 * for a file the kernel cannot run (ENOEXEC is an error, as with execve), every signal at its default and
 * an empty mask in the child. Node's child_process cannot: it retries ENOEXEC through /bin/sh.
 * Returns the pid, or the errno. The child is not Node's: reap it with waitpid().
 */
export function spawnProgram(file: string, argv: readonly string[], opts: SpawnOptions = {}): { pid: number } | { errno: number } {
  const l = loadLibc();
  const actions = new Uint8Array(OPAQUE_BYTES);
  const attr = new Uint8Array(OPAQUE_BYTES);
  if ((l.fileActionsInit(actions) as number) !== 0) throwErrno('posix_spawn_file_actions_init', lastErrno(l));
  if ((l.spawnattrInit(attr) as number) !== 0) throwErrno('posix_spawnattr_init', lastErrno(l));
  try {
    for (const [from, to] of opts.dup2 ?? []) {
      const err = l.fileActionsAddDup2(actions, from, to) as number;
      if (err !== 0) throwErrno('posix_spawn_file_actions_adddup2', err);
    }
    if (opts.fds !== undefined) {
      for (const a of planFds(opts.fds)) {
        let err: number;
        if (a.op === 'dup2') err = l.fileActionsAddDup2(actions, a.from, a.to) as number;
        else if (a.op === 'open') err = l.fileActionsAddOpen(actions, a.fd, a.path, a.flags, 0) as number;
        else err = l.fileActionsAddClose(actions, a.fd) as number;
        if (err !== 0) throwErrno(`posix_spawn_file_actions_add${a.op}`, err);
      }
      for (let fd = 0; fd <= 2 && fd < opts.fds.length; fd++) {
        const f = opts.fds[fd];
        if (f !== 'ignore' && f !== undefined) setNonBlocking(f, false);
      }
    }
    if (opts.cwd !== undefined) {
      const err = l.fileActionsAddChdir(actions, opts.cwd) as number;
      if (err !== 0) throwErrno('posix_spawn_file_actions_addchdir_np', err);
    }
    l.spawnattrSetflags(attr, POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK | (opts.setsid === true ? POSIX_SPAWN_SETSID : 0));
    l.spawnattrSetsigmask(attr, NO_SIGNALS);
    l.spawnattrSetsigdefault(attr, everySignal());
    const cargv: (string | null)[] = [...argv, null];
    const cenv = environOf(opts.env ?? process.env);
    const pid = new Int32Array(1);
    const candidates = searchCandidates(file, process.env.PATH);
    const call = () => tryCandidates(candidates, (path) => l.posixSpawn(pid, path, actions, attr, cargv, cenv) as number);
    const errno = opts.around === undefined ? call() : opts.around(call);
    return errno === 0 ? { pid: pid[0]! } : { errno };
  } finally {
    l.fileActionsDestroy(actions);
    l.spawnattrDestroy(attr);
  }
}

/** How a child ended: its exit code, or the signal that killed it. */
export type WaitStatus = { exited: true; code: number } | { exited: false; signal: number };

/** waitpid(2), blocking (EINTR retried). */
export function waitpid(pid: number): WaitStatus {
  const l = loadLibc();
  const status = new Int32Array(1);
  for (;;) {
    if ((l.waitpid(pid, status, 0) as number) >= 0) break;
    const errno = lastErrno(l);
    if (errno !== EINTR) throwErrno('waitpid', errno);
  }
  const w = status[0]!;
  return (w & 0x7f) === 0 ? { exited: true, code: (w >> 8) & 0xff } : { exited: false, signal: w & 0x7f };
}
