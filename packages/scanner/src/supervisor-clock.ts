// The supervisor's only sources of time for pacing: a monotonic clock in ms and one-shot timers. Tests pass
// a fake to step through back-offs and kill timeouts without sleeping.
import { performance } from 'node:perf_hooks';

export interface SupervisorClock {
  /** Monotonic milliseconds. */
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemClock: SupervisorClock = {
  now: () => performance.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};
