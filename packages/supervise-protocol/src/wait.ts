// Waiting for a service to reach a state, without busy-looping: fs.watch on the service directory and on
// supervise/ (supervise renames status.new over status on every change, dt's supervisor does the same
// with dt-status.json) wakes a re-read at once; a slow poll covers what inotify misses (a supervise/
// directory replaced under the watcher, network file systems, a dead watcher).
import { statSync, watch, type FSWatcher } from 'node:fs';
import { tai64nToUnixSeconds } from '@dt/tai64';
import { SuperviseProtocolError } from './errors.js';
import { superviseDirOf } from './paths.js';
import { readServiceState, type ServiceState } from './service.js';

/** What a waiter waits for: `up` (a pid), `ready` (up and, with notification-fd, ready), `down` (no pid). */
export type WaitTarget = 'up' | 'ready' | 'down';
export const WAIT_TARGETS: readonly WaitTarget[] = ['up', 'ready', 'down'];

export interface WaitOptions {
  /** Milliseconds; the promise rejects with WaitTimeoutError after it. Default: wait forever. */
  timeout?: number;
  /** Rejects with an AbortError as soon as the signal aborts. */
  signal?: AbortSignal;
  /** Fallback polling period in milliseconds (default 250); fs.watch events wake the waiter sooner. */
  pollInterval?: number;
  /**
   * For 'up' and 'ready': a state with this pid does not count. After `restart()`, pass the pid it had, so
   * the wait is for the new instance rather than the old one still being stopped.
   */
  notPid?: number;
  /**
   * For 'up' and 'ready': milliseconds the service must have been so (same pid) before the wait resolves:
   * a crash-looping service that is up for an instant never satisfies it. Counted from the status stamp
   * (the pid change) or, for 'ready', from the sidecar's readyAt. Default 0.
   */
  minUptime?: number;
  /**
   * For 'up' and 'ready': once the wait has seen the service up, its exit (down, or another pid) rejects
   * with WaitExitError instead of waiting on. Default: true when minUptime is given, else false.
   */
  rejectOnExit?: boolean;
}

/** While waiting for 'up' or 'ready', the process seen up exited (rejectOnExit); `last` is the state after. */
export class WaitExitError extends SuperviseProtocolError {
  override name = 'WaitExitError';
  override readonly code = 'DT_ERR_WAIT_EXITED';
  constructor(
    message: string,
    readonly dir: string,
    readonly target: WaitTarget,
    /** The pid that exited. */
    readonly pid: number,
    readonly last: ServiceState | undefined,
  ) {
    super(message);
  }
}

/** Wall-clock ms since when `state` has been up (status stamp) or, for 'ready', ready (sidecar readyAt). */
export function reachedSinceMs(state: ServiceState, target: 'up' | 'ready'): number {
  const readyAt = target === 'ready' ? state.sidecar?.readyAt : undefined;
  if (readyAt) return Date.parse(readyAt);
  const stamp = state.status?.stamp;
  if (!stamp) return Date.now();
  return Number(tai64nToUnixSeconds(stamp)) * 1000 + Math.floor(stamp.nanoseconds / 1e6);
}

/** `, last exit code 3` / `, last exit signal SIGKILL` from the sidecar, or ''. */
export function describeLastExit(state: ServiceState | undefined): string {
  const e = state?.sidecar?.lastExit;
  if (!e) return '';
  return e.signal ? `, last exit signal ${e.signal}` : `, last exit code ${e.code}`;
}

const DEFAULT_POLL_MS = 250;

/** The deadline passed before the service reached the target; `last` is the last state seen. */
export class WaitTimeoutError extends SuperviseProtocolError {
  override name = 'TimeoutError';
  override readonly code = 'DT_ERR_WAIT_TIMEOUT';
  constructor(
    message: string,
    readonly dir: string,
    readonly target: WaitTarget,
    readonly last: ServiceState | undefined,
  ) {
    super(message);
  }
}

/** The wait was aborted by its AbortSignal. Compatible with Node's own: name 'AbortError', code 'ABORT_ERR'. */
export class WaitAbortError extends SuperviseProtocolError {
  override name = 'AbortError';
  override readonly code = 'ABORT_ERR';
}

/** Whether `state` satisfies `target` (for up and ready, under another pid than `notPid`). Pure. */
export function hasReached(state: ServiceState, target: WaitTarget, notPid?: number): boolean {
  switch (target) {
    case 'up':
      return state.up && state.pid !== notPid;
    case 'ready':
      return state.ready && state.pid !== notPid;
    case 'down':
      return !state.up;
  }
}

/** Words for what the state is, for timeout messages: 'supervise not running', 'up (pid 12), not ready'... */
export function describeState(state: ServiceState | undefined): string {
  if (state === undefined) return 'no state read';
  if (!state.supervised) return 'supervise not running';
  if (!state.up) return 'down';
  return `up (pid ${state.pid})${state.ready ? ', ready' : ', not ready'}`;
}

/**
 * Resolves with the service's state as soon as it reaches `target`. A service whose supervisor is not
 * running (yet) is waited for like any other: a scanner may be about to start it. Rejects with
 * WaitTimeoutError, WaitAbortError, or the error reading the state raised (the directory does not exist...).
 */
export function waitForService(dir: string, target: WaitTarget, opts: WaitOptions = {}): Promise<ServiceState> {
  const { signal } = opts;
  if (signal?.aborted) return Promise.reject(abortError(dir, target, signal));
  return new Promise<ServiceState>((resolve, reject) => {
    let last: ServiceState | undefined;
    let settled = false;
    let checking = false;
    let again = false;
    let dirWatcher: FSWatcher | undefined;
    let superviseWatcher: FSWatcher | undefined;
    let superviseIno: number | undefined;
    const superviseDir = superviseDirOf(dir);
    const minUptime = target === 'down' ? 0 : Math.max(0, opts.minUptime ?? 0);
    const rejectOnExit = target !== 'down' && (opts.rejectOnExit ?? opts.minUptime !== undefined);
    /** The pid seen up (not notPid) while waiting; its exit rejects when rejectOnExit. */
    let seenPid: number | undefined;
    let holdTimer: NodeJS.Timeout | undefined;

    const finish = (err: unknown, state?: ServiceState) => {
      if (settled) return;
      settled = true;
      clearInterval(poller);
      if (holdTimer !== undefined) clearTimeout(holdTimer);
      if (deadline !== undefined) clearTimeout(deadline);
      signal?.removeEventListener('abort', onAbort);
      dirWatcher?.close();
      superviseWatcher?.close();
      if (err === undefined) resolve(state!);
      else reject(err);
    };
    const onAbort = () => finish(abortError(dir, target, signal!));

    /** (Re)watch supervise/ when it appears or is replaced by a new directory. */
    const watchSupervise = () => {
      let ino: number | undefined;
      try {
        ino = statSync(superviseDir).ino;
      } catch {
        ino = undefined;
      }
      if (ino === superviseIno) return;
      superviseWatcher?.close();
      superviseWatcher = undefined;
      superviseIno = ino;
      if (ino === undefined) return;
      superviseWatcher = tryWatch(superviseDir, wake);
    };

    const check = async (): Promise<void> => {
      if (checking) {
        again = true; // one more look after the current one: an event arrived while reading
        return;
      }
      checking = true;
      try {
        do {
          again = false;
          if (settled) return;
          watchSupervise();
          last = await readServiceState(dir);
          if (settled) return;
          if (rejectOnExit && seenPid !== undefined && last.pid !== seenPid) {
            const msg = `${dir} exited while waiting for it to be ${target}: pid ${seenPid}, now ${describeState(last)}${describeLastExit(last)}`;
            return finish(new WaitExitError(msg, dir, target, seenPid, last));
          }
          if (last.up && last.pid !== opts.notPid) seenPid = last.pid;
          if (hasReached(last, target, opts.notPid)) {
            const left = minUptime === 0 ? 0 : reachedSinceMs(last, target as 'up' | 'ready') + minUptime - Date.now();
            if (left <= 0) return finish(undefined, last);
            if (holdTimer === undefined) {
              holdTimer = setTimeout(() => {
                holdTimer = undefined;
                wake();
              }, Math.ceil(left) + 1);
            }
          }
        } while (again);
      } catch (e) {
        finish(e);
      } finally {
        checking = false;
      }
    };
    function wake(): void {
      void check();
    }

    const poller = setInterval(wake, opts.pollInterval ?? DEFAULT_POLL_MS);
    const deadline =
      opts.timeout !== undefined && Number.isFinite(opts.timeout)
        ? setTimeout(() => {
            // One last look, so a deadline that fires before the first read completes (timeout 0) still
            // sees a state already reached.
            readServiceState(dir)
              .then((state) => (last = state), () => undefined)
              .then(() => {
                const held = last && hasReached(last, target, opts.notPid) && (minUptime === 0 || reachedSinceMs(last, target as 'up' | 'ready') + minUptime <= Date.now());
                if (held) return finish(undefined, last);
                const what = describeState(last) + describeLastExit(last);
                const msg = `timed out after ${opts.timeout} ms waiting for ${dir} to be ${target}: ${what}`;
                finish(new WaitTimeoutError(msg, dir, target, last));
              });
          }, Math.max(0, opts.timeout))
        : undefined;
    signal?.addEventListener('abort', onAbort, { once: true });
    dirWatcher = tryWatch(dir, wake); // supervise/ created, `down` or `notification-fd` added
    void check();
  });
}

function tryWatch(path: string, onEvent: () => void): FSWatcher | undefined {
  try {
    const w = watch(path, { persistent: false }, onEvent);
    w.on('error', () => w.close()); // the directory went away: the poll carries on
    return w;
  } catch {
    return undefined;
  }
}

function abortError(dir: string, target: WaitTarget, signal: AbortSignal): WaitAbortError {
  return new WaitAbortError(`aborted waiting for ${dir} to be ${target}`, { cause: signal.reason });
}
