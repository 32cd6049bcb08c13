// Per-service option files that are dt extensions (docs/decisions/0007). They sit in the service
// directory beside 0.76's `run`, `down` and `log`, and s6's `notification-fd` and `timeout-finish`; a
// real supervise ignores them. Each holds one value; a missing or unreadable file means the default.
// They are read at each start (as notification-fd is), so a change applies from the next start on.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** s6's file: ms between d's TERM and a KILL (0 or absent: never, as 0.76). */
export const TIMEOUT_KILL_FILE = 'timeout-kill';
/** `1` (or empty): ./run gets a process group of its own; `0`: it does not (default: the supervisor's option). */
export const PROCESS_GROUP_FILE = 'dt-process-group';
/** `stop` (default) or `adopt`: what to do with a still-running ./run that a dead supervisor left behind. */
export const ORPHAN_FILE = 'dt-orphan';
/** Crash-loop policy: quick deaths in a row before backing off (default 5). */
export const CRASH_BURST_FILE = 'dt-crash-burst';
/** Crash-loop policy: a run shorter than this many ms is a quick death (default 10000). */
export const CRASH_INTERVAL_FILE = 'dt-crash-interval';
/** Crash-loop policy: the back-off's cap in ms (default 60000). */
export const CRASH_BACKOFF_MAX_FILE = 'dt-crash-backoff-max';

export type OrphanPolicy = 'stop' | 'adopt';

function readValue(dir: string, file: string): string | undefined {
  const path = join(dir, file);
  // the usual case, a file that is not there, costs no exception (each one a stack trace of garbage)
  if (!existsSync(path)) return undefined;
  try {
    return readFileSync(path, 'latin1').trim();
  } catch {
    return undefined;
  }
}

/** A non-negative integer from DIR/FILE, or undefined when absent or not one. */
export function readNumberOption(dir: string, file: string): number | undefined {
  const v = readValue(dir, file);
  return v !== undefined && /^\d+$/.test(v) ? Number(v) : undefined;
}

/** DIR/timeout-kill in ms; undefined when absent, unreadable or 0 (no escalation). */
export function readKillTimeout(dir: string): number | undefined {
  const ms = readNumberOption(dir, TIMEOUT_KILL_FILE);
  return ms === undefined || ms === 0 ? undefined : ms;
}

/** DIR/dt-process-group: true, false, or undefined when absent (then the supervisor's default applies). */
export function readProcessGroup(dir: string): boolean | undefined {
  const v = readValue(dir, PROCESS_GROUP_FILE);
  if (v === undefined) return undefined;
  return v !== '0' && v !== 'no';
}

/** DIR/dt-orphan: `adopt` or `stop` (anything else, or absent: stop). */
export function readOrphanPolicy(dir: string): OrphanPolicy {
  return readValue(dir, ORPHAN_FILE) === 'adopt' ? 'adopt' : 'stop';
}
