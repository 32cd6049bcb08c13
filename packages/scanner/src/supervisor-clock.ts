// The supervisor's only sources of time for pacing: a monotonic clock in ms and one-shot timers. Tests pass
// a fake to step through back-offs and kill timeouts without sleeping.
import { performance } from 'node:perf_hooks';

export interface SupervisorClock {
  /** Monotonic milliseconds. */
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const immediates = new WeakSet<object>();

/**
 * A timer of 0 ms is an immediate (the check phase of this loop turn, after the events polled with it), not
 * Node's setTimeout(fn, 0), which waits at least 1 ms: a restart after an exit yields once, and no longer.
 */
export const systemClock: SupervisorClock = {
  now: () => performance.now(),
  setTimeout: (fn, ms) => {
    if (ms > 0) return setTimeout(fn, ms);
    const handle = setImmediate(fn);
    immediates.add(handle);
    return handle;
  },
  clearTimeout: (handle) => {
    if (typeof handle === 'object' && handle !== null && immediates.has(handle)) clearImmediate(handle as NodeJS.Immediate);
    else clearTimeout(handle as NodeJS.Timeout);
  },
};
