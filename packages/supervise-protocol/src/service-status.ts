// svstat for one directory (daemontools 0.76 svstat.c), as a value: every state and every failure is a
// StatusReport, never an exception, so a caller can show a thousand directories without try/catch.
import { closeSync, constants, lstatSync, openSync, readSync } from 'node:fs';
import { TAI64_OFFSET, type Clock } from '@dt/tai64';
import { probeOk } from './svok.js';
import { downPathOf, statusPathOf } from './paths.js';
import { assertServiceDir, targetExists } from './service-dir.js';
import { decodeStatus, STATUS_SIZE, type ServiceStatus, type Want } from './status.js';

/** Which of svstat's steps failed: chdir, stat("down"), open("supervise/ok"), open/read("supervise/status"). */
export type StatusFailureStep = 'chdir' | 'stat-down' | 'open-ok' | 'open-status' | 'read-status';

/** The service is up (a pid) or down, read from 18 good bytes. */
export interface RunningReport {
  state: 'up' | 'down';
  pid: number;
  /** Seconds since the last pid change, as svstat computes them (clamped at 0, through a double). */
  seconds: bigint;
  paused: boolean;
  want: Want;
  /** No `down` file in the service directory. */
  normallyUp: boolean;
  status: ServiceStatus;
}

export interface FailureReport {
  state: 'error';
  step: StatusFailureStep;
  /** The errno name ('ENOENT'); undefined for a status file shorter than 18 bytes ("bad format"). */
  errno: string | undefined;
  /** The errno number (positive), when known. */
  errnoNumber: number | undefined;
  /**
   * Only for a failed read() of supervise/status (step 'read-status' with an errno, e.g. EISDIR): 0.76 svstat
   * compares the read's -1 as unsigned, misses the error and prints the bytes its static buffer still holds
   * (zeros, or the previous directory's status). This is that line's content; formatStatusLine prints it.
   */
  svstatShows?: RunningReport;
}

export type StatusReport = RunningReport | { state: 'not-running'; normallyUp: boolean } | FailureReport;

export interface ReadStatusOptions {
  /** The clock (defaults to the wall clock); like svstat, only its seconds are used. */
  now?: Clock;
  /**
   * svstat's static 18-byte buffer, carried across the directories of one call: each read() overwrites its
   * first bytes, a failed read leaves it as it was. Pass the same Buffer for every directory to reproduce
   * 0.76 exactly; without it each call starts from zeros.
   */
  held?: Buffer;
}

// svstat reads time with tai_now(): whole seconds from time(), as a TAI64 label (TAI64_OFFSET + Unix
// seconds). Not @dt/tai64's tai64nNow: its clock is only built where it is used, and the short CLIs must
// not load what they do not use (@dt/tai64 keeps no load-time work: its tables are pure, its clock lazy).
const secondsClock: Clock = () => ({
  seconds: TAI64_OFFSET + BigInt(Math.floor(Date.now() / 1000)),
  nanoseconds: 0,
});

function failure(step: StatusFailureStep, e?: unknown): FailureReport {
  const err = e as { code?: unknown; errno?: unknown } | undefined;
  return {
    state: 'error',
    step,
    errno: typeof err?.code === 'string' ? err.code : undefined,
    errnoNumber: typeof err?.errno === 'number' ? Math.abs(err.errno) : undefined,
  };
}

function causeOf(e: unknown): unknown {
  return (e as { cause?: unknown }).cause ?? e;
}

/** svstat.c: tai_unpack (seconds only), clamp a future stamp to now, tai_sub, then fmt_ulong(tai_approx()). */
function runningReport(bytes: Uint8Array, normallyUp: boolean, now: Clock): RunningReport {
  const status = decodeStatus(bytes);
  const nowSeconds = now().seconds;
  const when = status.stamp.seconds > nowSeconds ? nowSeconds : status.stamp.seconds;
  return {
    state: status.pid !== 0 ? 'up' : 'down',
    pid: status.pid,
    seconds: BigInt(Number(nowSeconds - when)),
    paused: status.paused,
    want: status.want,
    normallyUp,
    status,
  };
}

/** What `svstat dir` would say, as a value. */
export async function readServiceStatus(dir: string, options: ReadStatusOptions | Clock = {}): Promise<StatusReport> {
  return readServiceStatusSync(dir, options);
}

/** readServiceStatus without the promise, for callers that walk many directories in one tick. */
export function readServiceStatusSync(dir: string, options: ReadStatusOptions | Clock = {}): StatusReport {
  const { now = secondsClock, held = Buffer.alloc(STATUS_SIZE) } = typeof options === 'function' ? { now: options } : options;
  // svstat chdirs into dir first. Every later step opens a path under dir, and fails whenever that chdir
  // would (missing, not a directory, no search permission), so the directory itself is only examined after
  // a failure, to report it as svstat does ("unable to chdir"). Two system calls fewer per directory.
  const orDirFailure = (step: StatusFailureStep, e: unknown): FailureReport => {
    try {
      assertServiceDir(dir);
    } catch (d) {
      return failure('chdir', causeOf(d));
    }
    return failure(step, e);
  };
  let normallyUp: boolean;
  try {
    // svstat: stat("down"); ENOENT means normally up, any other error is reported. lstat with
    // throwIfNoEntry returns undefined for the usual ENOENT without building an exception, but also for
    // ENOTDIR, which only a symlink's target can produce here (a dir that is not a directory fails the next
    // step too), so a symlink is stat'ed for real.
    const down = downPathOf(dir);
    const l = lstatSync(down, { throwIfNoEntry: false });
    normallyUp = l === undefined || (l.isSymbolicLink() && !targetExists(down));
  } catch (e) {
    return orDirFailure('stat-down', e);
  }
  const ok = probeOk(dir);
  if (ok.state === 'not-running') return { state: 'not-running', normallyUp };
  if (ok.state === 'error') return orDirFailure('open-ok', ok.error);
  // open_read + one buffer_unixread, straight into the held buffer, as svstat.c.
  let fd: number;
  try {
    fd = openSync(statusPathOf(dir), constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    return orDirFailure('open-status', e);
  }
  let n: number;
  try {
    n = readSync(fd, held, 0, STATUS_SIZE, null);
  } catch (e) {
    return { ...failure('read-status', e), svstatShows: runningReport(held, normallyUp, now) };
  } finally {
    closeSync(fd);
  }
  if (n < STATUS_SIZE) return failure('read-status');
  return runningReport(held, normallyUp, now);
}
