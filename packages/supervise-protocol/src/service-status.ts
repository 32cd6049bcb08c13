// svstat for one directory (daemontools 0.76 svstat.c), as a value: every state and every failure is a
// StatusReport, never an exception, so a caller can show a thousand directories without try/catch.
import { statSync } from 'node:fs';
import { tai64nNow, type Clock } from '@dt/tai64';
import type { StatusReadError } from './errors.js';
import { probeOk } from './svok.js';
import { downPathOf } from './paths.js';
import { assertServiceDir } from './service-dir.js';
import { readStatusBytes } from './status-file.js';
import { decodeStatus, STATUS_SIZE, type ServiceStatus, type Want } from './status.js';

/** Which of svstat's steps failed: chdir, stat("down"), open("supervise/ok"), open/read("supervise/status"). */
export type StatusFailureStep = 'chdir' | 'stat-down' | 'open-ok' | 'open-status' | 'read-status';

export type StatusReport =
  | {
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
  | { state: 'not-running'; normallyUp: boolean }
  | {
      state: 'error';
      step: StatusFailureStep;
      /** The errno name ('ENOENT'); undefined for a status file shorter than 18 bytes ("bad format"). */
      errno: string | undefined;
      /** The errno number (positive), when known. */
      errnoNumber: number | undefined;
    };

function failure(step: StatusFailureStep, e?: unknown): StatusReport {
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

/**
 * What `svstat dir` would say, as a value. `now` is injectable (defaults to the wall clock); like svstat,
 * only its seconds are used.
 */
export async function readServiceStatus(dir: string, now: Clock = tai64nNow): Promise<StatusReport> {
  return readServiceStatusSync(dir, now);
}

/** readServiceStatus without the promise, for callers that walk many directories in one tick. */
export function readServiceStatusSync(dir: string, now: Clock = tai64nNow): StatusReport {
  try {
    assertServiceDir(dir);
  } catch (e) {
    return failure('chdir', causeOf(e));
  }
  let normallyUp = false;
  try {
    statSync(downPathOf(dir));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') return failure('stat-down', e);
    normallyUp = true;
  }
  const ok = probeOk(dir);
  if (ok.state === 'not-running') return { state: 'not-running', normallyUp };
  if (ok.state === 'error') return failure('open-ok', ok.error);
  let bytes: Buffer;
  try {
    bytes = readStatusBytes(dir);
  } catch (e) {
    const err = e as StatusReadError;
    return failure(err.step === 'open' ? 'open-status' : 'read-status', err.cause);
  }
  if (bytes.length < STATUS_SIZE) return failure('read-status');
  const status = decodeStatus(bytes);
  // svstat.c: tai_unpack (seconds only), clamp a future stamp to now, tai_sub, then fmt_ulong(tai_approx()).
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
