// What this process was started with, before Node changed it. Before any JavaScript runs, Node marks fds
// 0-15 (and every open fd above them up to the first gap) close-on-exec and raises its soft RLIMIT_NOFILE
// to the hard limit.
//
// Inherited fds are told from Node's own by what they are (detectInheritedFds): an fd Node did not mark is
// inherited; of the marked ones, Node's own are its event loop's (anon_inode: epoll, eventfd, io_uring)
// and its self-pipes (both ends open here). The original soft RLIMIT_NOFILE cannot be seen from inside
// Node at all: the programs that need it (svscan, supervise) start through a /bin/sh launcher, their
// first two lines (packages/cli/build/launcher.mjs), which records it in DT_START_NOFILE, the fds in
// DT_START_FDS, and has a copy of the environ as it was (sh rebuilds the environ it execs with: other order,
// PWD added) written to the file named by DT_START_ENVIRON by a background subshell, DT_START_COPIER, which
// runs beside Node's start. The first call waits for (and reaps) that subshell, reads and removes the copy
// and the variables.
import { closeSync, lstatSync, openSync, readFileSync, readSync, readdirSync, readlinkSync, unlinkSync } from 'node:fs';
import { EINTR } from './constants.js';
import { lastErrno, loadLibc } from './libc.js';

export const START_FDS_VAR = 'DT_START_FDS';
export const START_NOFILE_VAR = 'DT_START_NOFILE';
export const START_ENVIRON_VAR = 'DT_START_ENVIRON';
export const START_COPIER_VAR = 'DT_START_COPIER';
const VARS = [START_FDS_VAR, START_NOFILE_VAR, START_ENVIRON_VAR, START_COPIER_VAR];

export interface StartState {
  /** The fds open when the process was exec'd, sorted. */
  fds: readonly number[];
  /** The soft RLIMIT_NOFILE before Node raised it (RLIM_INFINITY for `unlimited`), when a launcher recorded it. */
  nofileSoft: bigint | undefined;
  /** The environ the process was exec'd with, byte for byte, when a launcher saved it. */
  environ: readonly Buffer[] | undefined;
}

const INFINITY = 0xffff_ffff_ffff_ffffn;
const O_CLOEXEC = 0o2000000;
let captured: StartState | undefined;

export function parseStartFds(text: string): number[] {
  const fds = text
    .split(',')
    .filter((s) => /^[0-9]+$/.test(s))
    .map(Number);
  return [...new Set(fds)].sort((a, b) => a - b);
}

export function parseStartNofile(text: string | undefined): bigint | undefined {
  if (text === 'unlimited') return INFINITY;
  return text !== undefined && /^[0-9]+$/.test(text) ? BigInt(text) : undefined;
}

/** NUL-terminated entries (an environ or cmdline) as Buffers. */
export function splitNul(raw: Buffer): Buffer[] {
  const out: Buffer[] = [];
  let start = 0;
  for (let i = raw.indexOf(0); i >= 0; i = raw.indexOf(0, start)) {
    out.push(raw.subarray(start, i));
    start = i + 1;
  }
  if (start < raw.length) out.push(raw.subarray(start));
  return out;
}

const FDINFO = Buffer.alloc(256); // `pos:\t0\nflags:\t02100002\n...`: the flags come within the first line or two

function fdFlags(fd: number): number | undefined {
  let info: number;
  try {
    info = openSync(`/proc/self/fdinfo/${fd}`, 'r');
  } catch {
    return undefined;
  }
  try {
    const n = readSync(info, FDINFO, 0, FDINFO.length, null);
    const m = /flags:\s*([0-7]+)/.exec(FDINFO.toString('latin1', 0, n));
    return m ? Number.parseInt(m[1]!, 8) : undefined;
  } catch {
    return undefined;
  } finally {
    closeSync(info);
  }
}

/**
 * The fds this process inherited, told from Node's own (see the top of this file). Call it before opening
 * anything that stays open. An inherited eventfd, epoll or io_uring fd, or both ends of one pipe, would be
 * taken for Node's when Node marked them (fds up to 15 and their run); with /proc missing, 0-2.
 */
export function detectInheritedFds(): number[] {
  let names: string[];
  try {
    names = readdirSync('/proc/self/fd');
  } catch {
    return [0, 1, 2];
  }
  const links = new Map<number, string>();
  for (const name of names) {
    try {
      links.set(Number(name), readlinkSync(`/proc/self/fd/${name}`)); // the listing's own fd is closed by now
    } catch {
      // gone
    }
  }
  const pipeCount = new Map<string, number>();
  for (const l of links.values()) if (l.startsWith('pipe:')) pipeCount.set(l, (pipeCount.get(l) ?? 0) + 1);
  const out: number[] = [];
  for (const [fd, link] of links) {
    if (fd <= 2) {
      out.push(fd);
      continue;
    }
    const flags = fdFlags(fd);
    if (flags === undefined) continue;
    // Not marked: inherited (or Node's NODE_EXTRA_CA_CERTS file, which chainload hides after this).
    if ((flags & O_CLOEXEC) === 0) {
      out.push(fd);
      continue;
    }
    if (link.startsWith('anon_inode:')) continue; // the event loop's
    if (link.startsWith('pipe:') && pipeCount.get(link)! > 1) continue; // a self-pipe
    out.push(fd);
  }
  return out.sort((a, b) => a - b);
}

/**
 * The start state, taken once: the launcher's record when there is one (its variables removed from
 * process.env, its environ copy read and deleted, process.env rebuilt from it), else detected. Call it
 * before anything opens an fd or copies the environment for a child. `restoreEnv: false` leaves process.env
 * as sh rebuilt it (same values, other order) for a program that execs with `environ` itself: rebuilding
 * it costs about 1.5 M instructions for 35 variables (every delete and set is an unsetenv/setenv).
 */
export function startState(env: NodeJS.ProcessEnv = process.env, opts: { restoreEnv?: boolean } = {}): StartState {
  if (captured !== undefined) return captured;
  const fdsText = env[START_FDS_VAR];
  const nofileSoft = parseStartNofile(env[START_NOFILE_VAR]);
  const environFile = env[START_ENVIRON_VAR];
  const copier = env[START_COPIER_VAR];
  for (const v of VARS) delete env[v];
  let environ: Buffer[] | undefined;
  if (environFile && copyIsComplete(environFile, copier)) {
    try {
      environ = splitNul(readFileSync(environFile));
      unlinkSync(environFile);
    } catch {
      environ = undefined;
    }
    if (environ !== undefined && env === process.env && opts.restoreEnv !== false) restoreProcessEnv(environ);
  }
  captured = { fds: fdsText !== undefined ? parseStartFds(fdsText) : detectInheritedFds(), nofileSoft, environ };
  return captured;
}

const ECHILD = 10;
const WNOHANG = 1;
const COPY_DEADLINE_MS = 10_000;
let pause: Int32Array | undefined; // Atomics.wait's 1 ms steps, made on first need

/**
 * Whether the launcher's copy of the environ in `file` is complete and its own. Without a copier pid the
 * record is an older launcher's, which named the file only once the copy was made. With one, wait for that
 * subshell (our child: the launcher forked it, then exec'd Node in place), which also reaps it so that no
 * zombie passes to a program exec'd later: exit 0 means cat copied everything (exit 1: the name existed).
 * When it was reaped already (SIGCHLD ignored before Node reset it: ECHILD), the file alone decides. Either
 * way the file must be as the subshell makes it, a regular file of ours with mode 0600 (umask 077, O_EXCL),
 * or it is left alone: never read or delete what another user put at that name.
 */
function copyIsComplete(file: string, copier: string | undefined): boolean {
  if (copier !== undefined) {
    if (!/^[1-9][0-9]*$/.test(copier)) return false;
    const pid = Number(copier);
    const l = loadLibc();
    const status = new Int32Array(1);
    // Done long before Node gets here, as a rule; a copy that has not ended within the deadline (cat stuck
    // on something put at the file's name between the subshell's check and its open) is given up: killed,
    // reaped, and the environ is sh's.
    const deadline = Date.now() + COPY_DEADLINE_MS;
    for (;;) {
      const r = l.waitpid(pid, status, WNOHANG) as number;
      if (r > 0) {
        if (status[0] !== 0) return false; // not exited 0
        break;
      }
      if (r === 0) {
        if (Date.now() < deadline) {
          Atomics.wait((pause ??= new Int32Array(new SharedArrayBuffer(4))), 0, 0, 1);
          continue;
        }
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // gone meanwhile
        }
        while ((l.waitpid(pid, status, 0) as number) < 0 && lastErrno(l) === EINTR);
        return false;
      }
      const errno = lastErrno(l);
      if (errno === ECHILD) break;
      if (errno !== EINTR) return false;
    }
  }
  try {
    const st = lstatSync(file);
    return st.isFile() && st.uid === process.geteuid?.() && (st.mode & 0o777) === 0o600;
  } catch {
    return false;
  }
}

/** process.env (and the C environ under it) as it was before sh rebuilt it: same entries, same order. */
function restoreProcessEnv(environ: readonly Buffer[]): void {
  for (const k of Object.keys(process.env)) delete process.env[k];
  for (const e of environ) {
    const s = e.toString();
    const eq = s.indexOf('=');
    if (eq <= 0) continue;
    const k = s.slice(0, eq);
    if (process.env[k] === undefined) process.env[k] = s.slice(eq + 1); // the first of duplicates, as getenv
  }
}

/** Whether an `NAME=value` environ entry is one of the launcher's (never passed on to a program). */
export function isStartStateEntry(entry: Uint8Array | string): boolean {
  const s = typeof entry === 'string' ? entry : Buffer.from(entry.buffer, entry.byteOffset, Math.min(entry.length, 32)).toString('latin1');
  return VARS.some((v) => s.startsWith(`${v}=`));
}

/**
 * The start state as launcher variables, for a program that runs itself again (svscan re-execs Node with
 * other flags, or starts a copy in its own session): the new Node start then knows what the first one
 * was given. The environ is not included: process.env is already the original one.
 */
export function startStateEnv(): Record<string, string> {
  const s = startState();
  const env: Record<string, string> = { [START_FDS_VAR]: s.fds.join(',') };
  if (s.nofileSoft !== undefined) env[START_NOFILE_VAR] = s.nofileSoft === INFINITY ? 'unlimited' : String(s.nofileSoft);
  return env;
}
