// The typed, promise-based handle on one service directory: the svc letters as methods, its state, and
// waiting for up/ready/down. Apart from service.ts (reading the state), so that wait.ts can read states
// without importing the handle that uses it.
import { letterForSignal, type SignalName } from './control.js';
import { readServiceState, type ServiceState } from './service.js';
import { sendControl } from './svc.js';
import { waitForService, type WaitOptions, type WaitTarget } from './wait.js';

export interface RestartOptions {
  /**
   * 'term' (default): svc -t, TERM; supervise restarts it if it wants it up.
   * 'down-up': svc -du in one write: TERM+CONT, and want up, so it comes back even if it was wanted down.
   */
  mode?: 'term' | 'down-up';
  /**
   * Resolve only when the new process is up, or ready (its pid differs from the one before the restart);
   * without it, restart resolves once the letters are written.
   */
  wait?: 'up' | 'ready';
  /** With `wait`: ms before WaitTimeoutError. Default: forever. */
  timeout?: number;
  /** With `wait`: ms the new process must stay up/ready (see WaitOptions.minUptime). */
  minUptime?: number;
  signal?: AbortSignal;
}

/** A handle on one service directory. Every method resolves once the letters are written. */
export interface ServiceHandle {
  readonly dir: string;
  /** svc -u: want up, start if down. */
  up(): Promise<void>;
  /** svc -d: want down, TERM+CONT if up. */
  down(): Promise<void>;
  /** svc -o: start if down, do not restart. */
  once(): Promise<void>;
  /** svc -t (or -du): see RestartOptions. With `wait`, resolves with the new process's state. */
  restart(opts?: RestartOptions & { wait?: undefined }): Promise<void>;
  restart(opts: RestartOptions & { wait: 'up' | 'ready' }): Promise<ServiceState>;
  /** Send a signal through supervise: a letter (h a i t k p c q 1 2) or a name ('SIGHUP', 'HUP'). */
  signal(sig: SignalName): Promise<void>;
  /** svc -x: the supervisor exits once the service is down. */
  exit(): Promise<void>;
  /** The status bytes, the sidecar when it matches, and readiness. */
  status(): Promise<ServiceState>;
  /** Resolves when up/ready/down; WaitTimeoutError, WaitAbortError. */
  waitFor(target: WaitTarget, opts?: WaitOptions): Promise<ServiceState>;
}

/** A handle on the service directory `dir` (nothing is read until a method is called). */
export function service(dir: string): ServiceHandle {
  return {
    dir,
    up: () => sendControl(dir, 'u'),
    down: () => sendControl(dir, 'd'),
    once: () => sendControl(dir, 'o'),
    restart: ((opts: RestartOptions = {}) => restartService(dir, opts)) as ServiceHandle['restart'],
    signal: async (sig) => sendControl(dir, letterForSignal(sig)),
    exit: () => sendControl(dir, 'x'),
    status: () => readServiceState(dir),
    waitFor: (target, opts) => waitForService(dir, target, opts),
  };
}

/** svc -t (or -du); with `wait`, then waits for a new pid to be up or ready. */
async function restartService(dir: string, opts: RestartOptions): Promise<ServiceState | void> {
  const letters = opts.mode === 'down-up' ? 'du' : 't';
  if (opts.wait === undefined) return sendControl(dir, letters);
  const before = await readServiceState(dir);
  await sendControl(dir, letters);
  return waitForService(dir, opts.wait, {
    notPid: before.pid || undefined,
    timeout: opts.timeout,
    minUptime: opts.minUptime,
    signal: opts.signal,
  });
}
