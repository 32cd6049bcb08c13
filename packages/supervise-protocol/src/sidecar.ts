// supervise/dt-status.json, what dt knows beyond the 18-byte status (docs/decisions/0002-status-sidecar.md).
// encodeSidecar/decodeSidecar are pure; writeSidecarFile/readSidecarFile do the I/O, atomically as
// supervise writes status (dt-status.json.new, then rename). A real supervise never writes this file,
// so readers treat it as optional and trust `ready` only when its pid equals the status pid.
import { readFileSync } from 'node:fs';
import { errnoCode } from '@dt/posix';
import { SidecarFormatError, SidecarWriteError } from './errors.js';
import { under } from './paths.js';
import { writeAtomically } from './write-atomically.js';

export const SIDECAR_VERSION = 1;
/** Relative to the service directory. */
export const SIDECAR_FILE = 'supervise/dt-status.json';
export const SIDECAR_NEW_FILE = 'supervise/dt-status.json.new';

export interface SidecarExit {
  /** Exit code, or null when killed by a signal. */
  code: number | null;
  /** Signal name ('SIGTERM'), or null. */
  signal: string | null;
  /** Wall clock of the exit, ISO 8601. */
  at: string;
}

export interface StatusSidecar {
  version: number;
  /** Same as status bytes 12-15; 0 when down. */
  pid: number;
  /** The process that holds supervise/lock. */
  supervisorPid: number;
  /** Wall clock of the last start, null when never started. */
  startedAt: string | null;
  /** Readiness reported on notification-fd (without that file: up). */
  ready: boolean;
  /** null until ready. */
  readyAt: string | null;
  /** Starts after the first, since this supervisor began. */
  restarts: number;
  /** null before any exit. */
  lastExit: SidecarExit | null;
  // Additive fields (docs/decisions/0007): absent in files written before them.
  /** Kernel start time of `pid` (/proc/PID/stat field 22), so pid reuse cannot pass for it; null when down. */
  startTime?: number | null;
  /** Kernel start time of `supervisorPid`: a later process with that pid is not the supervisor. */
  supervisorStartTime?: number | null;
  /** `pid` leads a process group of its own (signals and the kill escalation reach the whole group). */
  processGroup?: boolean;
  /** The crash-loop policy holds restarts back: the service keeps dying soon after its start. */
  failing?: boolean;
  /** When failing: the wall clock of the next start, ISO 8601; otherwise null. */
  nextStartAt?: string | null;
}

const ADDITIVE_KEYS = ['startTime', 'supervisorStartTime', 'processGroup', 'failing', 'nextStartAt'] as const;

export function sidecarPathOf(dir: string): string {
  return under(dir, SIDECAR_FILE);
}
export function sidecarNewPathOf(dir: string): string {
  return under(dir, SIDECAR_NEW_FILE);
}

/** One JSON object on one line, keys in the decision's order. */
export function encodeSidecar(s: StatusSidecar): string {
  const ordered: StatusSidecar = {
    version: s.version,
    pid: s.pid,
    supervisorPid: s.supervisorPid,
    startedAt: s.startedAt,
    ready: s.ready,
    readyAt: s.readyAt,
    restarts: s.restarts,
    lastExit: s.lastExit === null ? null : { code: s.lastExit.code, signal: s.lastExit.signal, at: s.lastExit.at },
  };
  for (const k of ADDITIVE_KEYS) if (s[k] !== undefined) (ordered as unknown as Record<string, unknown>)[k] = s[k];
  return `${JSON.stringify(ordered)}\n`;
}

const isNat = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;
const isStringOrNull = (v: unknown): v is string | null => v === null || typeof v === 'string';

/** Parse and check a sidecar; unknown extra keys are dropped (a newer writer may add some). */
export function decodeSidecar(text: string | Uint8Array): StatusSidecar {
  const str = typeof text === 'string' ? text : Buffer.from(text).toString('utf8');
  let v: unknown;
  try {
    v = JSON.parse(str);
  } catch (e) {
    throw new SidecarFormatError('dt-status.json: not JSON', { cause: e });
  }
  const bad = (what: string): never => {
    throw new SidecarFormatError(`dt-status.json: bad ${what}`);
  };
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return bad('record');
  const o = v as Record<string, unknown>;
  if (!isNat(o.version) || o.version < 1) bad('version');
  if (!isNat(o.pid)) bad('pid');
  if (!isNat(o.supervisorPid)) bad('supervisorPid');
  if (!isStringOrNull(o.startedAt)) bad('startedAt');
  if (typeof o.ready !== 'boolean') bad('ready');
  if (!isStringOrNull(o.readyAt)) bad('readyAt');
  if (!isNat(o.restarts)) bad('restarts');
  let lastExit: SidecarExit | null = null;
  if (o.lastExit !== null) {
    const e = o.lastExit as Record<string, unknown> | undefined;
    if (typeof e !== 'object' || e === null) return bad('lastExit');
    if (!(e.code === null || Number.isInteger(e.code))) bad('lastExit.code');
    if (!isStringOrNull(e.signal)) bad('lastExit.signal');
    if (typeof e.at !== 'string') bad('lastExit.at');
    lastExit = { code: e.code as number | null, signal: e.signal as string | null, at: e.at as string };
  }
  const additive: Partial<StatusSidecar> = {};
  for (const k of ['startTime', 'supervisorStartTime'] as const) {
    if (o[k] === undefined) continue;
    if (!(o[k] === null || isNat(o[k]))) bad(k);
    additive[k] = o[k] as number | null;
  }
  for (const k of ['processGroup', 'failing'] as const) {
    if (o[k] === undefined) continue;
    if (typeof o[k] !== 'boolean') bad(k);
    additive[k] = o[k] as boolean;
  }
  if (o.nextStartAt !== undefined) {
    if (!isStringOrNull(o.nextStartAt)) bad('nextStartAt');
    additive.nextStartAt = o.nextStartAt as string | null;
  }
  return {
    version: o.version as number,
    pid: o.pid as number,
    supervisorPid: o.supervisorPid as number,
    startedAt: o.startedAt as string | null,
    ready: o.ready as boolean,
    readyAt: o.readyAt as string | null,
    restarts: o.restarts as number,
    lastExit,
    ...additive,
  };
}

/** Write the sidecar through dt-status.json.new (0644 & ~umask), one write, and a rename; SidecarWriteError on failure. */
export function writeSidecarFile(dir: string, s: StatusSidecar): void {
  writeAtomically(sidecarNewPathOf(dir), sidecarPathOf(dir), Buffer.from(encodeSidecar(s)), (message, step, cause) =>
    cause === undefined ? new SidecarWriteError(message, step) : new SidecarWriteError(message, step, { cause }),
  );
}

/**
 * Read the sidecar: undefined when there is none (a real supervise, or never written); SidecarFormatError
 * when it is not a sidecar; other I/O errors are thrown as they come.
 */
export function readSidecarFile(dir: string): StatusSidecar | undefined {
  let text: string;
  try {
    text = readFileSync(sidecarPathOf(dir), 'utf8');
  } catch (e) {
    if (errnoCode(e) === 'ENOENT') return undefined;
    throw e;
  }
  return decodeSidecar(text);
}
