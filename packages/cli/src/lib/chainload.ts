// The only place a chain-loader execs. Same PID; the program starts as it would from a C parent: every
// signal disposition default (Node ignores SIGPIPE and SIGXFSZ), an empty signal mask, fds 0-2 without
// FD_CLOEXEC or O_NONBLOCK, and only the fds it is meant to inherit. A failed exec is reported in
// daemontools' words and ends the process at once (exit 111), since Node's signal and fd state is gone.
import { closeSync, readdirSync, readlinkSync, realpathSync } from 'node:fs';
import {
  type ExecEnv,
  dup2,
  exitImmediately,
  getFdFlags,
  prepareExecvp,
  prepareStdioForExec,
  resetSignalsForExec,
  setCloexec,
  setrlimit,
  getrlimit,
  startState,
} from '@dt/posix';
import { readEnviron } from './chainload-env.js';
import { ChainloadError } from './chainload-errors.js';
import { EXIT_TEMPORARY } from './exit-codes.js';
import { formatLine, writeStderr } from './prog.js';
import { bytesOf } from './raw-argv.js';

export interface ChainloadOptions {
  /** The new environ (default: the one this process started with, byte for byte: readEnviron()). */
  env?: ExecEnv;
  /** Open fds the program inherits besides 0-2 (setlock's lock): FD_CLOEXEC cleared, renumbered as C would have them. */
  keepFds?: readonly number[];
  /** The last step before exec (softlimit's limits, which could starve Node if set earlier). May throw ChainloadError. */
  beforeExec?: () => void;
  /** The PATH argv[0] is searched in (default: this process's): a chain's last link's. */
  searchPath?: string;
}

/** `prog: fatal: TEXT[: ERR]` on fd 2, then _exit(111): nothing of Node runs afterwards. */
function dieAfterReset(prog: string, text: string, cause?: unknown): never {
  writeStderr(bytesOf(formatLine(prog, 'fatal', text, cause))); // stderr gone: the exit code still tells
  exitImmediately(EXIT_TEMPORARY);
}

function isFreeForChild(fd: number): boolean {
  try {
    return getFdFlags(fd).cloexec; // Node's own fds are all FD_CLOEXEC: they vanish at exec
  } catch {
    return true; // EBADF: not open
  }
}

/**
 * A C chain-loader's fds are its parent's plus the ones it opened, at the lowest free numbers; Node's are
 * scattered above its own (all close-on-exec). Move each kept fd down to the number C would have used.
 */
function placeKeptFds(fds: readonly number[], busy: ReadonlySet<number>): void {
  // `busy`: fds another thread may still close (the certificate loader's); never reuse their numbers.
  const taken = new Set([...fds, ...busy]);
  for (const fd of fds) {
    let slot = 3;
    while (slot < fd && (taken.has(slot) || !isFreeForChild(slot))) slot++;
    if (slot < fd) {
      dup2(fd, slot); // the copy is not FD_CLOEXEC
      closeSync(fd);
      taken.add(slot);
    } else {
      setCloexec(fd, false);
    }
  }
}

/**
 * Node 24 reads NODE_EXTRA_CA_CERTS on a thread at start-up through OpenSSL's fopen, whose fd is not
 * close-on-exec: a program exec'd (or spawned) early would inherit it. Mark such an fd close-on-exec.
 * (Every other fd Node opens is FD_CLOEXEC already; fds inherited from our parent are left alone.)
 */
export function hideNodeStrayFds(): Set<number> {
  const stray = new Set<number>();
  const certs = process.env.NODE_EXTRA_CA_CERTS;
  if (!certs) return stray;
  let target: string;
  try {
    target = realpathSync(certs);
  } catch {
    return stray;
  }
  for (const name of readdirSync('/proc/self/fd')) {
    const fd = Number(name);
    if (fd < 3) continue;
    try {
      if (readlinkSync(`/proc/self/fd/${fd}`) !== target) continue;
      stray.add(fd);
      if (!getFdFlags(fd).cloexec) setCloexec(fd, true);
    } catch {
      // closed meanwhile (the listing's own fd, or the loader finished)
    }
  }
  return stray;
}

/**
 * Every fd this process inherited (the launcher's record, startState().fds) is the program's again: clear
 * the FD_CLOEXEC Node set on it. Without a record only fds 0-2 (prepareStdioForExec) and those Node left
 * alone (above the first gap past 15, still inheritable) reach the program.
 */
export function reinheritStartFds(): void {
  for (const fd of startState().fds ?? []) {
    if (fd <= 2) continue;
    try {
      setCloexec(fd, false);
    } catch {
      // closed since (EBADF): nothing to pass on
    }
  }
}

/** The soft RLIMIT_NOFILE the process started with (Node raised it), when the launcher recorded it. */
export function restoreStartNofile(): void {
  const soft = startState().nofileSoft;
  if (soft === undefined) return;
  const cur = getrlimit('nofile');
  const want = soft > cur.hard ? cur.hard : soft;
  if (want !== cur.soft) setrlimit('nofile', { soft: want, hard: cur.hard });
}

/**
 * Replace this process by argv[0] (found on PATH as pathexec_run does). Never returns. `argv` holds byte
 * strings (one char per byte, rawArgs()): the program gets exactly those bytes, and so do the messages.
 */
export function chainload(prog: string, argv: readonly string[], opts: ChainloadOptions = {}): never {
  const file = argv[0]!;
  // Everything that allocates happens first: once softlimit's limits are set, a new mapping may fail.
  const exec = prepareExecvp(bytesOf(file), argv.map(bytesOf), opts.env ?? readEnviron(), opts.searchPath ?? process.env.PATH);
  // V8 compiles a function on its first call, in memory it may no longer get after the limits: run the
  // failure report's formatting and writing once now (nothing is written).
  bytesOf(formatLine(prog, 'fatal', file, 2));
  writeStderr('');
  try {
    resetSignalsForExec();
    prepareStdioForExec();
    reinheritStartFds();
    restoreStartNofile(); // before softlimit's own: a -o in the chain still wins
    const stray = hideNodeStrayFds();
    if (opts.keepFds !== undefined) placeKeptFds(opts.keepFds, stray);
    opts.beforeExec?.();
  } catch (e) {
    if (e instanceof ChainloadError) dieAfterReset(prog, e.text, e.cause);
    dieAfterReset(prog, `unable to prepare to run ${file}`, e);
  }
  const errno = exec();
  dieAfterReset(prog, `unable to run ${file}`, errno);
}
