// A log directory's slow path as resumable steps: every place where 0.76 pauses (pause3/pause5: warn, sleep
// 5 s, retry) or waits for a processor is a `yield` of an Effect. One code path, two drivers: runSync (run-sync.ts, the
// multilog program: sleep and spawnSync, blocking as 0.76 blocks) and PacedQueue (paced-queue.ts: a timer
// and an asynchronous child, so one faulting logger in a shared process stalls only itself).
import { errnoText } from '@dt/posix';
import type { Retrier } from './retry.js';

/** How a processor ended (processor.ts runs it). */
export type ProcessorResult =
  | { outcome: 'ok' }
  | { outcome: 'failed'; reason?: string } // nonzero exit, or a redirect could not be opened
  | { outcome: 'crashed'; signal: string }
  | { outcome: 'spawn-error'; error: Error }; // fork failed

/** Run `processor` in `dir` with 0.76's fds (processor.ts runProcessor); the step resumes with its result. */
export interface ProcessorEffect {
  kind: 'processor';
  dir: string;
  processor: string;
  stderrFd: number | 'inherit';
}
/** The 5 s pause after a warning. */
export interface PauseEffect {
  kind: 'pause';
}
/** fsync(fd): the step resumes with null, or the error. The paced driver runs it in the thread pool. */
export interface FsyncEffect {
  kind: 'fsync';
  fd: number;
}
export type Effect = PauseEffect | ProcessorEffect | FsyncEffect;
/** What a step resumes with: a processor's result, an fsync's outcome (null or its error), else nothing. */
export type StepInput = ProcessorResult | Error | null | undefined;
export type Steps<T = void> = Generator<Effect, T, StepInput>;

export const PAUSE: PauseEffect = { kind: 'pause' };

/** pause5: `TEXT` (already carrying its error), then the pause. */
export function* warnAndPause(r: Retrier, text: string): Steps {
  r.warn(text);
  yield PAUSE;
}

/** Runs fn until it does not throw; each failure warns `TEXT, pausing: ERR` and pauses. */
export function* retrying<T>(r: Retrier, text: string, fn: () => T): Steps<T> {
  for (;;) {
    try {
      return fn();
    } catch (e) {
      r.warn(`${text}, pausing: ${errnoText(e)}`);
      yield PAUSE;
    }
  }
}

/** fsync(fd) until it succeeds; each failure warns `TEXT, pausing: ERR` and pauses (as retrying). */
export function* fsyncing(r: Retrier, text: string, fd: number): Steps {
  for (;;) {
    const err = yield { kind: 'fsync', fd };
    if (!err) return;
    r.warn(`${text}, pausing: ${errnoText(err)}`);
    yield PAUSE;
  }
}
