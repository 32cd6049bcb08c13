// How the svscan program runs its one long-lived Node process (bench/scanner measures the effect):
// - lean V8 settings: a 1 MB young generation and no V8 worker threads keep the resident set of a
//   1000-service tree near 70 MB instead of 90 (the live heap is only a few MB); with glibc's malloc held to
//   two arenas. Applied by exec'ing Node again in place (same pid) with the flags, once.
// - away from the terminal: started from one, the tree runs in a session of its own (a child svscan), so
//   Ctrl-C reaches svscan only and never every service and logger of the terminal's process group.
import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { execvp, prepareStdioForExec } from '@dt/posix';

export const LEAN_NODE_FLAGS = ['--max-semi-space-size=1', '--single-threaded'] as const;
const EXECED = 'DT_SVSCAN_LEAN';
const DETACHED = 'DT_SVSCAN_DETACHED';

/** Exec this program again with LEAN_NODE_FLAGS unless it has them; returns (and runs as is) if that fails. */
export function execLean(): void {
  const missing = LEAN_NODE_FLAGS.filter((f) => !process.execArgv.includes(f));
  if (missing.length === 0 || process.env[EXECED] !== undefined) return;
  // the marker says whether MALLOC_ARENA_MAX is ours (to take back out before any service inherits it)
  const added = process.env.MALLOC_ARENA_MAX === undefined;
  const env = { ...process.env, [EXECED]: added ? 'added' : 'kept', MALLOC_ARENA_MAX: process.env.MALLOC_ARENA_MAX ?? '2' };
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
}

function hasTerminal(): boolean {
  try {
    closeSync(openSync('/dev/tty', 'r'));
    return true;
  } catch {
    return false;
  }
}

/**
 * When this process has a controlling terminal (and is not already the detached child), run the same
 * command in a new session and pass `signals` on to it as SIGTERM; resolves with its exit code.
 * Otherwise resolves undefined at once: the caller does the work itself.
 */
export function runAwayFromTerminal(signals: readonly NodeJS.Signals[]): Promise<number> | undefined {
  if (process.env[DETACHED] !== undefined || !hasTerminal()) return undefined;
  const child = spawn(process.execPath, [...process.execArgv, ...process.argv.slice(1)], {
    detached: true,
    stdio: 'inherit',
    env: { ...process.env, [DETACHED]: '1' },
  });
  for (const s of signals) process.on(s, () => child.kill('SIGTERM'));
  return new Promise((resolve) => child.on('exit', (code) => resolve(code ?? 111)));
}
