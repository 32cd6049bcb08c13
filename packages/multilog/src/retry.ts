// daemontools' pause3/pause5: a failed step is reported as `TEXT, pausing: ERR`, then retried after 5 s,
// forever. The logger never drops data; it blocks its writer instead (back-pressure).
import { errnoText } from '@dt/posix';

export const PAUSE_MS = 5000;

export interface RetryOptions {
  /** Receives `TEXT, pausing: ERR` (the program prints it as `multilog: warning: ...`). */
  onWarning: (text: string) => void;
  /** Pause between attempts; 5000 as 0.76. */
  pauseMs: number;
}

const sleepCell = new Int32Array(new SharedArrayBuffer(4));

/** deepsleep(): block the thread (signals are deferred, as 0.76 blocks them outside read()). */
export function sleepSync(ms: number): void {
  if (ms > 0) Atomics.wait(sleepCell, 0, 0, ms);
}

export class Retrier {
  constructor(private readonly opts: RetryOptions) {}

  get pauseMs(): number {
    return this.opts.pauseMs;
  }

  /** Runs fn until it does not throw; each failure warns `TEXT, pausing: ERR` and pauses. */
  retry<T>(text: string | (() => string), fn: () => T): T {
    for (;;) {
      try {
        return fn();
      } catch (e) {
        this.warnAndPause(`${typeof text === 'string' ? text : text()}, pausing: ${errnoText(e)}`);
      }
    }
  }

  /** A warning with its own wording (e.g. `processor failed in DIR, pausing`), then the pause. */
  warnAndPause(text: string): void {
    this.opts.onWarning(text);
    sleepSync(this.opts.pauseMs);
  }

  warn(text: string): void {
    this.opts.onWarning(text);
  }
}
