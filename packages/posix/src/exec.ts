import { EBADF } from './constants.js';
import { PosixError } from './errors.js';
import { setCloexec, setNonBlocking } from './fcntl.js';
import { lastErrno, loadLibc } from './libc.js';
import { searchCandidates, tryCandidates } from './path-search.js';

/**
 * An environment for execvp: an object (undefined values dropped), or ready `NAME=value` entries in order,
 * each a string (passed as UTF-8) or bytes (passed as they are: any byte but NUL).
 */
export type ExecEnv = Record<string, string | undefined> | readonly (string | Uint8Array)[];

const NUL = Buffer.alloc(1);

/** koffi passes a Buffer's own memory as the char *: it must carry its terminating NUL. */
const cString = (a: string | Uint8Array): string | Buffer => (typeof a === 'string' ? a : Buffer.concat([a, NUL]));

export function environOf(env: ExecEnv): (string | Buffer | null)[] {
  const out: (string | Buffer | null)[] = [];
  if (Array.isArray(env)) {
    // koffi passes a Buffer's own memory as the char *: it must carry its terminating NUL.
    for (const e of env as readonly (string | Uint8Array)[]) out.push(typeof e === 'string' ? e : Buffer.concat([e, NUL]));
  } else {
    for (const [k, v] of Object.entries(env)) if (v !== undefined) out.push(`${k}=${v}`);
  }
  out.push(null);
  return out;
}

/**
 * Replace this process (same PID) by `file`, found as daemontools' pathexec_run does: a name with a slash is
 * exec'd as is; otherwise each element of this process's PATH (default /bin:/usr/bin; empty means `.`) is
 * tried; ENOENT tries the next, EACCES/EPERM/EISDIR are remembered and the next is tried, any other error
 * stops. Returns only on failure, with the errno (the remembered one when every candidate failed).
 * `env` (default: process.env) becomes the new environ; PATH is looked up in the current one, as in 0.76.
 */
export function execvp(file: string, argv: readonly string[], env?: ExecEnv): number {
  return prepareExecvp(file, argv, env)();
}

/**
 * execvp in two steps: everything that allocates (koffi, the C arrays, the candidate paths) now, the exec
 * attempts when the returned function is called. For a caller that must exec right after lowering its own
 * memory limits (softlimit), when a new allocation could fail.
 */
export function prepareExecvp(
  file: string | Uint8Array,
  argv: readonly (string | Uint8Array)[],
  env?: ExecEnv,
  /** The PATH to search (default: this process's; a chain of loaders searches the last link's). */
  searchPath: string | undefined = process.env.PATH,
): () => number {
  const l = loadLibc();
  const cargv: (string | Buffer | null)[] = [...argv.map(cString), null];
  const cenv = environOf(env ?? process.env);
  // bytes (not UTF-8) as they are: latin1 maps each byte to one char and back
  const name = typeof file === 'string' ? file : Buffer.from(file).toString('latin1');
  const candidates = searchCandidates(name, searchPath).map((c) => (typeof file === 'string' ? c : Buffer.concat([Buffer.from(c, 'latin1'), NUL])));
  // The attempts allocate nothing on the JavaScript heap (no iterator, no strings): under a lowered address
  // space limit, a garbage collection here could not get memory. execve returns only on failure.
  const attempt = (path: string | Buffer): number => {
    l.execve(path, cargv, cenv);
    return lastErrno(l);
  };
  tryCandidates([], attempt); // V8 compiles it now, while memory is still there
  return () => tryCandidates(candidates, attempt);
}

/**
 * Make fds 0-2 what a C program expects to inherit: FD_CLOEXEC cleared (Node sets it on its stdio) and
 * O_NONBLOCK cleared (libuv may set it on pipes and ttys). A closed fd is left closed.
 */
export function prepareStdioForExec(): void {
  for (let fd = 0; fd <= 2; fd++) {
    try {
      setCloexec(fd, false);
    } catch (e) {
      if (e instanceof PosixError && e.errno === EBADF) continue;
      throw e;
    }
    setNonBlocking(fd, false);
  }
}
