// Away from the terminal: a program that supervises a tree in its own process (svscan, dt run-with) would
// share the terminal's process group with every service, so one Ctrl-C would hit them all at once. Started
// from a terminal, such a program runs itself again in a new session and passes the stop signals on; the
// services then only ever see the orderly stop.
import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { constants } from 'node:os';
import { startStateEnv } from '@dt/posix';

/** The shell's exit status for a process: its code, or 128 + the signal number that killed it. */
export function exitStatusOf(code: number | null, signal: NodeJS.Signals | null): number {
  return code ?? 128 + (signal ? constants.signals[signal] : 0);
}

/** Whether this process has a controlling terminal. */
function hasTerminal(): boolean {
  try {
    closeSync(openSync('/dev/tty', 'r'));
    return true;
  } catch {
    return false;
  }
}

export interface OwnSessionOptions {
  /** Environment variable that marks the copy already running in its own session (the caller removes it). */
  marker: string;
  /** Signals passed on to the copy. */
  signals: readonly NodeJS.Signals[];
  /** Pass every one of them on as this signal instead (svscan: each is the orderly stop, SIGTERM). */
  forwardAs?: NodeJS.Signals;
}

/**
 * With a controlling terminal (and not already the copy), run this same command in a new session and
 * resolve with its exit status. Otherwise return undefined at once: the caller does the work itself.
 */
export function runInOwnSession(opts: OwnSessionOptions): Promise<number> | undefined {
  if (process.env[opts.marker] !== undefined || !hasTerminal()) return undefined;
  const child = spawn(process.execPath, [...process.execArgv, ...process.argv.slice(1)], {
    detached: true,
    stdio: 'inherit',
    env: { ...process.env, ...startStateEnv(), [opts.marker]: '1' },
  });
  for (const s of opts.signals) process.on(s, () => child.kill(opts.forwardAs ?? s));
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve(exitStatusOf(code, signal))));
}
