// Giving a child the open-file limit this process was started with, not the one Node raised it to.
// Node's child_process.spawn forks synchronously: the soft RLIMIT_NOFILE in force during the call is the
// one the child inherits. So it is lowered to the start value around the call and raised again after.
import { getrlimit, setrlimit } from './rlimit.js';
import { startState } from './start-state.js';

/**
 * Run `fn` (a synchronous spawn) with the soft RLIMIT_NOFILE this process started with, then restore the
 * current one. Without a recorded start value (no launcher) `fn` simply runs. While it runs, new fds of
 * this process must also fit below that limit (a spawn's own pipes do, unless every lower fd is taken).
 */
export function withStartNofile<T>(fn: () => T): T {
  const soft = startState().nofileSoft;
  if (soft === undefined) return fn();
  let cur: { soft: bigint; hard: bigint };
  try {
    cur = getrlimit('nofile');
  } catch {
    return fn();
  }
  const want = soft > cur.hard ? cur.hard : soft;
  if (want === cur.soft) return fn();
  try {
    setrlimit('nofile', { soft: want, hard: cur.hard });
  } catch {
    return fn();
  }
  try {
    return fn();
  } finally {
    setrlimit('nofile', cur);
  }
}
