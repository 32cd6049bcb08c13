// What this process was started with, before Node changed it. Before any JavaScript runs, Node marks fds
// 0-15 (and every open fd above them up to the first gap) close-on-exec and raises its soft RLIMIT_NOFILE
// to the hard limit; nothing in the process can tell afterwards what it inherited. The @dt/cli programs
// are therefore started by a /bin/sh launcher (their first two lines) that records both in the
// environment before it execs Node: DT_START_FDS (`0,1,2,9,` the fds open at the exec) and
// DT_START_NOFILE (`ulimit -Sn`: a number or `unlimited`). They are read and removed at the first call, so
// no program this process starts sees them.

export const START_FDS_VAR = 'DT_START_FDS';
export const START_NOFILE_VAR = 'DT_START_NOFILE';

export interface StartState {
  /** The fds open when the process was exec'd (sorted), or undefined when no launcher recorded them. */
  fds: readonly number[] | undefined;
  /** The soft RLIMIT_NOFILE before Node raised it (RLIM_INFINITY for `unlimited`), or undefined. */
  nofileSoft: bigint | undefined;
}

const INFINITY = 0xffff_ffff_ffff_ffffn;
let captured: StartState | undefined;

export function parseStartFds(text: string | undefined): number[] | undefined {
  if (text === undefined) return undefined;
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

/**
 * The start state, read from the launcher's variables once and removed from `env` (process.env): call it
 * before anything copies the environment for a child. Later calls return the same record.
 */
export function startState(env: NodeJS.ProcessEnv = process.env): StartState {
  if (captured !== undefined) return captured;
  captured = { fds: parseStartFds(env[START_FDS_VAR]), nofileSoft: parseStartNofile(env[START_NOFILE_VAR]) };
  delete env[START_FDS_VAR];
  delete env[START_NOFILE_VAR];
  return captured;
}

/** Whether an `NAME=value` environ entry is one of the launcher's (never passed on to a program). */
export function isStartStateEntry(entry: Uint8Array | string): boolean {
  const s = typeof entry === 'string' ? entry : Buffer.from(entry.buffer, entry.byteOffset, Math.min(entry.length, 32)).toString('latin1');
  return s.startsWith(`${START_FDS_VAR}=`) || s.startsWith(`${START_NOFILE_VAR}=`);
}
