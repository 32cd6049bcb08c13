// Progress while waiting (dt wait, dt run-with): after the first second, one line on stderr per thing not
// there yet, `PROG: waiting for NAME: STATE (2.1 s)`, then a line whenever its state changes and at
// least every `repeatMs`. So a wait with no supervisor running says so within a second, and a CI log shows
// what a slow start is doing. Reads the state by polling (once a second), never changes it.
import { describeState, hasReached, readServiceState, type WaitTarget } from '@dt/supervise-protocol';

export interface Waited {
  name: string;
  dir: string;
  target: WaitTarget;
}

export interface ProgressOptions {
  /** Where a line goes (without newline). */
  print(line: string): void;
  /** `PROG` in the line. */
  prog: string;
  /** ms between looks (default 1000; the first look is after one interval). */
  intervalMs?: number;
  /** ms after which an unchanged state is printed again (default 10000). */
  repeatMs?: number;
  now?: () => number;
}

/** Starts reporting; the returned function stops it. */
export function reportProgress(items: Waited[], opts: ProgressOptions): () => void {
  const now = opts.now ?? (() => performance.now());
  const start = now();
  const interval = opts.intervalMs ?? 1000;
  const repeat = opts.repeatMs ?? 10_000;
  const said = new Map<string, { what: string; at: number }>();
  let stopped = false;
  let looking = false;
  const look = async () => {
    if (looking) return;
    looking = true;
    try {
      for (const item of items) {
        const state = await readServiceState(item.dir).catch(() => undefined);
        if (stopped) return;
        if (state && hasReached(state, item.target)) continue;
        const what = describeState(state);
        const t = now();
        const last = said.get(item.name);
        if (last && last.what === what && t - last.at < repeat) continue;
        said.set(item.name, { what, at: t });
        opts.print(`${opts.prog}: waiting for ${item.name}: ${what} (${((t - start) / 1000).toFixed(1)} s)`);
      }
    } finally {
      looking = false;
    }
  };
  const timer = setInterval(() => void look(), interval);
  timer.unref();
  return () => {
    stopped = true;
    clearInterval(timer);
  };
}
