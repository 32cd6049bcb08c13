// svscan's memory housekeeping (issue 12; bench/scanner/soak.mjs, docs/decisions/0007). svscan never goes
// idle while services churn, so V8's memory reducer (which acts on idle time) never runs: garbage piles up
// in the old generation until its limit (about 30 MB over a live heap of about 7), and the native memory
// of Buffers and handles freed late leaves glibc's arena fragmented. So, after an interval in which some
// ./run exited or a supervisor ended: one full GC, then malloc_trim(0). The start counts as churn (starting
// every service leaves its garbage and ~0.6 MB of free C heap at 100 services, decision 0020): one
// collection at the first interval. A quiet tree is then left alone.
// That first GC is V8's last-resort one (gc({ flavor: 'last-resort' }); a V8 without it ignores the options
// and runs a plain full GC): it also shrinks the young generation that the start grew to two 1 MB
// semi-spaces and gives back the pages V8 pools; svscan's anonymous memory at 100 services fell 15.0 ->
// 12.6 MB. It costs twice a plain full GC (22 against 11 ms of CPU on a 7 MB heap) and throws away compiled
// code, so the passes after churn are plain ones (decision 0018 counts their CPU per restart cycle), unless
// the resident set has grown RSS_SLACK past what the last last-resort GC left: under --single-threaded only
// that GC gives back the pages V8 pools, and with plain ones alone the soak's anonymous memory doubled
// (12.8 -> 24.8 MB, RSS +19.8 %). The slack bounds the growth at a last-resort GC now and then.
import { mallocTrim } from '@dt/posix';
import type { Scanner } from '@dt/scanner';

export const HOUSEKEEPING_MS = 5_000; // svscan's own rescan period
/** How far the resident set may grow past the last last-resort GC's result before the next one. */
export const RSS_SLACK = 3 * 1024 * 1024;

/** V8's gc() options (with --expose-gc). */
interface GcOptions {
  type?: 'major' | 'minor';
  execution?: 'sync' | 'async';
  flavor?: 'regular' | 'last-resort';
}
const LAST_RESORT: GcOptions = { type: 'major', execution: 'sync', flavor: 'last-resort' };

/**
 * Start the housekeeping (a no-op without --expose-gc, see scan-runtime.ts); returns how to stop it.
 * `rss` reads the resident set (injectable for tests).
 */
export function startHousekeeping(scanner: Scanner, intervalMs = HOUSEKEEPING_MS, rss: () => number = process.memoryUsage.rss): () => void {
  const gc = (globalThis as { gc?: (options?: GcOptions) => void }).gc;
  if (typeof gc !== 'function') return () => {};
  let churned = true; // the start-up's garbage
  let settled = 0; // resident set after the last last-resort GC (0: none yet)
  const mark = (): void => {
    churned = true;
  };
  scanner.on('exit', mark);
  scanner.on('supervisor-done', mark);
  const timer = setInterval(() => {
    if (!churned) return;
    churned = false;
    if (settled === 0) settled = collect(gc, LAST_RESORT, rss);
    else if (collect(gc, undefined, rss) > settled + RSS_SLACK) {
      // a new settled size even if it stays high: services added are memory that stays, not garbage
      settled = collect(gc, LAST_RESORT, rss);
    }
  }, intervalMs);
  timer.unref();
  return () => {
    clearInterval(timer);
    scanner.off('exit', mark);
    scanner.off('supervisor-done', mark);
  };
}

/** One GC of `options`, then malloc_trim(0); returns the resident set after them. */
function collect(gc: (options?: GcOptions) => void, options: GcOptions | undefined, rss: () => number): number {
  gc(options);
  try {
    mallocTrim(0);
  } catch {
    // no koffi or no glibc: the GC alone
  }
  return rss();
}
