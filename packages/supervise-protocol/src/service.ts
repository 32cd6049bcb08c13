// One service directory's state: the 18-byte status plus dt's sidecar (docs/decisions/0002-status-sidecar.md)
// as one value, and the `dt status --json` report built from it (the handle is in service-handle.ts).
// Works the same over our supervisor and the real supervise (which writes no sidecar: ready = up there,
// unless the directory asks for notification-fd readiness, which only dt's supervisor can report).
import { join } from 'node:path';
import { downPathOf } from './paths.js';
import { SidecarFormatError } from './errors.js';
import { readNotificationFd } from './notification-fd.js';
import { readSidecarFile, type StatusSidecar } from './sidecar.js';
import { assertServiceDir, targetExists } from './service-dir.js';
import { decodeStatus, STATUS_SIZE, type ServiceStatus } from './status.js';
import { readStatusBytes } from './status-file.js';
import { readServiceStatusSync } from './service-status.js';
import { formatStatusLine } from './status-line.js';
import { tai64nNow, tai64nToUnixSeconds, type Clock } from '@dt/tai64';
import { isSupervised } from './svok.js';

/** Everything known about one service directory at one moment. */
export interface ServiceState {
  dir: string;
  /** A supervisor holds supervise/ok open (svok). */
  supervised: boolean;
  /** The 18-byte supervise/status, decoded; undefined when missing (never supervised) or short. */
  status: ServiceStatus | undefined;
  /** The service's pid while supervised and up, else 0. */
  pid: number;
  /** Supervised and a pid is running. */
  up: boolean;
  /** No `down` file: the supervisor starts it when it starts. */
  normallyUp: boolean;
  /** The fd number in the directory's notification-fd file, when there is a valid one (3..1023, digits only). */
  notificationFd: number | undefined;
  /** Up, and ready: reported by the sidecar (pid matching), or simply up when there is no notification-fd. */
  ready: boolean;
  /** dt's supervise/dt-status.json, only when its pid equals the status pid (else stale or foreign). */
  sidecar: StatusSidecar | undefined;
}

/** The sidecar, or undefined when there is none or it is not one (a foreign or damaged file is not trusted). */
function readSidecarIfAny(dir: string): StatusSidecar | undefined {
  try {
    return readSidecarFile(dir);
  } catch (e) {
    if (e instanceof SidecarFormatError) return undefined;
    throw e;
  }
}

function readStatusIfAny(dir: string): ServiceStatus | undefined {
  let bytes: Buffer;
  try {
    bytes = readStatusBytes(dir);
  } catch (e) {
    if ((e as { errno?: string }).errno === 'ENOENT') return undefined;
    throw e;
  }
  return bytes.length < STATUS_SIZE ? undefined : decodeStatus(bytes);
}

/** What only dt knows about a directory: its notification fd, and the sidecar when it speaks of `pid`. */
interface DtExtras {
  notificationFd: number | undefined;
  sidecar: StatusSidecar | undefined;
}

/** DIR/notification-fd, and the sidecar only when `pid` is given and equals the sidecar's (else stale or foreign). */
function readDtExtras(dir: string, pid: number | undefined): DtExtras {
  const notification = readNotificationFd(dir);
  const notificationFd = notification !== undefined && 'fd' in notification ? notification.fd : undefined;
  const s = pid === undefined ? undefined : readSidecarIfAny(dir);
  return { notificationFd, sidecar: s && s.pid === pid ? s : undefined };
}

/** Up, and ready: as the sidecar says, or simply up when there is neither a sidecar nor a notification fd. */
function isReady(up: boolean, { notificationFd, sidecar }: DtExtras): boolean {
  return up && (sidecar ? sidecar.ready : notificationFd === undefined);
}

/**
 * Reads the state of `dir`: ServiceDirError when it cannot be entered; the status, sidecar and ok errors
 * other than "not there" propagate. A sidecar that does not match the status pid is left out.
 */
export async function readServiceState(dir: string): Promise<ServiceState> {
  assertServiceDir(dir);
  const supervised = await isSupervised(dir);
  const status = readStatusIfAny(dir);
  const pid = supervised && status ? status.pid : 0;
  const up = pid !== 0;
  const { notificationFd, sidecar } = readDtExtras(dir, status?.pid);
  const ready = isReady(up, { notificationFd, sidecar });
  return { dir, supervised, status, pid, up, normallyUp: !targetExists(downPathOf(dir)), notificationFd, ready, sidecar };
}

/**
 * `dt status --json`: one service, everything supervise/status and the sidecar say, in a stable shape
 * (version 1; fields are only ever added). Dates are ISO 8601 UTC strings; absent knowledge is null.
 */
export interface ServiceReport {
  dir: string;
  /** svstat's states, plus 'error' when the directory or its files cannot be read. */
  state: 'up' | 'down' | 'not-running' | 'error';
  supervised: boolean;
  pid: number | null;
  /** Seconds since the last pid change, as svstat counts them. */
  seconds: number | null;
  /** Wall-clock time of the last pid change (the status stamp). */
  since: string | null;
  paused: boolean | null;
  want: 'up' | 'down' | 'once' | null;
  normallyUp: boolean | null;
  /** Up and ready; 'up' readiness means the service has no notification-fd, so ready = up. */
  ready: boolean;
  readiness: 'notification-fd' | 'up';
  readyAt: string | null;
  startedAt: string | null;
  /** Starts after the first, since its supervisor began (dt's supervisor only). */
  restarts: number | null;
  lastExit: { code: number | null; signal: string | null; at: string | null } | null;
  supervisorPid: number | null;
  /**
   * dt's crash-loop policy holds its restarts back (dt-status.json `failing`); null when no sidecar says
   * (a real supervise). nextStartAt: when it tries again.
   */
  failing: boolean | null;
  nextStartAt: string | null;
  /** What svstat would print after `DIR: ` for an unreadable directory, and the errno name. */
  error: { message: string; errno: string | null } | null;
}

/** Reads one service for `dt status`: the svstat view (never throws) joined with the dt state. */
export async function readServiceReport(dir: string, now: Clock = tai64nNow): Promise<ServiceReport> {
  const report = readServiceStatusSync(dir, now);
  const base: ServiceReport = {
    dir,
    state: report.state,
    supervised: report.state === 'up' || report.state === 'down',
    pid: null,
    seconds: null,
    since: null,
    paused: null,
    want: null,
    normallyUp: report.state === 'error' ? null : report.normallyUp,
    ready: false,
    readiness: 'up',
    readyAt: null,
    startedAt: null,
    restarts: null,
    lastExit: null,
    supervisorPid: null,
    failing: null,
    nextStartAt: null,
    error: null,
  };
  if (report.state === 'error') {
    const line = formatStatusLine(dir, report);
    return { ...base, error: { message: line.slice(dir.length + 2), errno: report.errno ?? null } };
  }
  let extras: DtExtras;
  try {
    extras = readDtExtras(dir, report.state === 'not-running' ? undefined : report.pid);
  } catch {
    extras = { notificationFd: undefined, sidecar: undefined }; // changed under us: the svstat view stands alone
  }
  const { sidecar } = extras;
  const readiness = extras.notificationFd !== undefined ? 'notification-fd' : 'up';
  const out: ServiceReport = { ...base, readiness };
  if (report.state !== 'not-running') {
    const unix = tai64nToUnixSeconds(report.status.stamp);
    Object.assign(out, {
      pid: report.pid,
      seconds: Number(report.seconds),
      since: new Date(Number(unix) * 1000 + Math.floor(report.status.stamp.nanoseconds / 1e6)).toISOString(),
      paused: report.paused,
      want: report.want,
      ready: isReady(report.state === 'up', extras),
    });
  }
  if (sidecar) {
    Object.assign(out, {
      readyAt: out.ready ? sidecar.readyAt ?? null : null,
      startedAt: sidecar.startedAt ?? null,
      restarts: sidecar.restarts ?? null,
      lastExit: sidecar.lastExit
        ? { code: sidecar.lastExit.code ?? null, signal: sidecar.lastExit.signal ?? null, at: sidecar.lastExit.at ?? null }
        : null,
      supervisorPid: sidecar.supervisorPid ?? null,
      failing: sidecar.failing ?? null,
      nextStartAt: sidecar.failing ? (sidecar.nextStartAt ?? null) : null,
    });
  }
  return out;
}

/**
 * `dt status` without --json: exactly svstat's line, then what only dt knows, when it knows it:
 * `, ready S seconds` or `, not ready` (up, with notification-fd or a sidecar), `, N restarts`,
 * `, failing` (crash-loop back-off), `, last exit code N` or `, last exit signal SIGNAME`. `nowMs` (wall clock) only ages readyAt. No newline.
 */
export function formatServiceReport(r: ServiceReport, nowMs: number = Date.now()): string {
  if (r.state === 'error') return `${r.dir}: ${r.error?.message ?? 'unknown error'}`;
  if (r.state === 'not-running') return formatStatusLine(r.dir, { state: 'not-running', normallyUp: r.normallyUp ?? true });
  let line = formatStatusLine(r.dir, {
    state: r.state,
    pid: r.pid ?? 0,
    seconds: BigInt(r.seconds ?? 0),
    paused: r.paused ?? false,
    want: r.want ?? 'once',
    normallyUp: r.normallyUp ?? true,
  });
  const known = r.supervisorPid !== null || r.readiness === 'notification-fd';
  if (r.state === 'up' && known) {
    if (!r.ready) line += ', not ready';
    else if (r.readyAt !== null) line += `, ready ${Math.max(0, Math.floor((nowMs - Date.parse(r.readyAt)) / 1000))} seconds`;
    else line += ', ready';
  }
  if (r.restarts) line += `, ${r.restarts} ${r.restarts === 1 ? 'restart' : 'restarts'}`;
  if (r.failing) line += ', failing';
  if (r.lastExit) {
    line += r.lastExit.signal !== null ? `, last exit signal ${r.lastExit.signal}` : `, last exit code ${r.lastExit.code}`;
  }
  return line;
}
