// How the svscan program runs its one long-lived Node process (bench/scanner measures the effect):
// - lean V8 settings: a 1 MB young generation and no V8 worker threads keep the resident set of a
//   1000-service tree near 70 MB instead of 90 (the live heap is only a few MB); with glibc's malloc held to
//   two arenas. Applied by exec'ing Node again in place (same pid) with the flags, once. --expose-gc is for
//   svscan-memory.ts: the full GC after churn that V8's idle-time memory reducer never gets to run.
//   No limit on V8's tiers here (docs/decisions/0020): the log host runs with --max-opt=2, but for svscan
//   both --max-opt=2 and a higher TurboFan threshold cost 13-50 % more CPU per restart in
//   bench/scanner/soak.mjs.
// - away from the terminal: lib/session.ts, with DETACHED as its marker.
import { execvp, prepareStdioForExec, startStateEnv } from '@dt/posix';

const LEAN_NODE_FLAGS = ['--max-semi-space-size=1', '--single-threaded', '--expose-gc'] as const;
const EXECED = 'DT_SVSCAN_LEAN';
export const DETACHED = 'DT_SVSCAN_DETACHED';
/** Set once svscan is in its scan directory: a copy of it (re-exec, own session) does not enter it again. */
export const IN_DIR = 'DT_SVSCAN_IN_DIR';

/** Exec this program again with LEAN_NODE_FLAGS unless it has them; returns (and runs as is) if that fails. */
export function execLean(): void {
  const missing = LEAN_NODE_FLAGS.filter((f) => !process.execArgv.includes(f));
  if (missing.length === 0 || process.env[EXECED] !== undefined) return;
  // the marker says whether MALLOC_ARENA_MAX is ours (to take back out before any service inherits it)
  const added = process.env.MALLOC_ARENA_MAX === undefined;
  // the launcher's record goes on to the new Node start (startStateEnv): it cannot learn it itself
  const env = { ...process.env, ...startStateEnv(), [EXECED]: added ? 'added' : 'kept', MALLOC_ARENA_MAX: process.env.MALLOC_ARENA_MAX ?? '2' };
  try {
    prepareStdioForExec();
    execvp(process.execPath, [process.execPath, ...process.execArgv, ...missing, ...process.argv.slice(1)], env);
  } catch {
    // no koffi, no exec: run with the default settings
  }
}

/** Take our own markers out of the environment the services will inherit. */
export function cleanEnvironment(): void {
  if (process.env[EXECED] === 'added') delete process.env.MALLOC_ARENA_MAX;
  delete process.env[EXECED];
  delete process.env[DETACHED];
  delete process.env[IN_DIR];
}
