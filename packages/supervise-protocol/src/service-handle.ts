// The typed, promise-based handle on one service directory: the svc letters as methods, its state, and
// waiting for up/ready/down. Apart from service.ts (reading the state), so that wait.ts can read states
// without importing the handle that uses it.
import { letterForSignal } from './control.js';
import { readServiceState, type ServiceState } from './service.js';
import { sendControl } from './svc.js';
import { waitForService, type WaitOptions, type WaitTarget } from './wait.js';

export interface RestartOptions {
  /**
   * 'term' (default): svc -t, TERM; supervise restarts it if it wants it up.
   * 'down-up': svc -du in one write: TERM+CONT, and want up, so it comes back even if it was wanted down.
   */
  mode?: 'term' | 'down-up';
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
  /** svc -t (or -du): see RestartOptions. */
  restart(opts?: RestartOptions): Promise<void>;
  /** Send a signal through supervise: a letter (h a i t k p c q 1 2) or a name ('SIGHUP', 'HUP'). */
  signal(sig: string): Promise<void>;
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
    restart: (opts = {}) => sendControl(dir, opts.mode === 'down-up' ? 'du' : 't'),
    signal: async (sig) => sendControl(dir, letterForSignal(sig)),
    exit: () => sendControl(dir, 'x'),
    status: () => readServiceState(dir),
    waitFor: (target, opts) => waitForService(dir, target, opts),
  };
}
