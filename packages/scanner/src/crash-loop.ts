// The crash-loop policy (pure; time passed in). 0.76's pace is kept for the first restarts (one a second),
// so a transient failure recovers as fast as under 0.76. After `burst` quick deaths in a row (a run
// shorter than `intervalMs`, or a start that failed: systemd's StartLimitBurst=5 in 10 s in spirit) the
// delay before the next start doubles, from 2 s up to `maxDelayMs`, and the service is reported failing.
// It never gives up: at the cap it keeps being retried. A run that lasts `intervalMs` clears the count.

export interface CrashLoopPolicy {
  burst: number;
  intervalMs: number;
  maxDelayMs: number;
}

export const DEFAULT_CRASH_LOOP: Readonly<CrashLoopPolicy> = { burst: 5, intervalMs: 10_000, maxDelayMs: 60_000 };

/** The 0.76 pace, which the back-off starts from. */
const BASE_DELAY_MS = 1000;

export class CrashLoop {
  /** Quick deaths in a row. */
  private quick = 0;
  /** Set by an explicit start request (svc -u): the next start skips the back-off. */
  private forgiven = false;

  constructor(public policy: CrashLoopPolicy = DEFAULT_CRASH_LOOP) {}

  /** Record the end of a run that lasted uptimeMs (0 for a start that failed). */
  ended(uptimeMs: number): void {
    this.forgiven = false;
    if (uptimeMs < this.policy.intervalMs) this.quick += 1;
    else this.quick = 0;
  }

  /** The run has stayed up long enough. */
  reset(): void {
    this.quick = 0;
    this.forgiven = false;
  }

  /** svc -u / the API: retry at once (the count stays until a run lasts). */
  forgive(): void {
    this.forgiven = true;
  }

  get count(): number {
    return this.quick;
  }

  get failing(): boolean {
    return this.quick >= this.policy.burst;
  }

  /** How long after the last exit the next start may come (0: only the 0.76 one-a-second pace applies). */
  delayMs(): number {
    if (!this.failing || this.forgiven) return 0;
    const doublings = this.quick - this.policy.burst + 1;
    return Math.min(BASE_DELAY_MS * 2 ** Math.min(doublings, 30), Math.max(this.policy.maxDelayMs, BASE_DELAY_MS));
  }
}
