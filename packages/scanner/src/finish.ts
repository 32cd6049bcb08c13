// ./finish, as runit and s6 run it: after each exit of ./run, when DIR/finish is an executable file, it
// runs with the service dir as cwd and two arguments in s6's form (s6-supervise): the exit code, or 256
// when ./run was killed by a signal, and the signal number (0 when none). It gets ./run's stdio, and is
// killed (SIGKILL) when it outlives its time: DIR/timeout-finish in milliseconds (s6; 0 = no limit),
// else 5 seconds. The supervisor restarts ./run only after it ended.
import { errnoName } from '@dt/posix';
import { readFileSync } from 'node:fs';
import { constants as osConstants } from 'node:os';
import type { ChildFd } from './child.js';
import { isExecutableFile } from './executable.js';
import { type SpawnedChild, spawnChild } from './spawned-child.js';

export const FINISH_FILE = 'finish';
export const TIMEOUT_FINISH_FILE = 'timeout-finish';
/** s6's default timeout-finish. */
export const DEFAULT_FINISH_TIMEOUT_MS = 5000;

/** True when DIR/finish is a regular file we may execute. */
export function hasFinish(dir: string): boolean {
  return isExecutableFile(`${dir}/${FINISH_FILE}`);
}

/** DIR/timeout-finish in ms (0 = unlimited), or the default when absent or not a number. */
export function readFinishTimeout(dir: string): number {
  try {
    const text = readFileSync(`${dir}/${TIMEOUT_FINISH_FILE}`, 'latin1').trim();
    if (/^\d+$/.test(text)) return Number(text);
  } catch {
    // absent: the default
  }
  return DEFAULT_FINISH_TIMEOUT_MS;
}

/** s6's finish arguments for an exit: [code or 256, signal number or 0]. */
export function finishArgs(code: number | null, signal: NodeJS.Signals | null): [string, string] {
  const signo = signal === null ? 0 : (osConstants.signals[signal] ?? 0);
  return [String(signal === null ? (code ?? 0) : 256), String(signo)];
}

export interface FinishResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** True when it was killed for outliving its timeout. */
  timedOut: boolean;
}

export interface FinishRun {
  /** Stop it (and its timeout) from keeping this process alive. */
  unref(): void;
}

/**
 * Run DIR/finish CODE SIGNAL. onDone is called exactly once: when it exits, is killed, or could not be
 * started (then with the spawn error as `error`).
 */
export function runFinish(
  opts: { dir: string; fds: ChildFd[]; env?: NodeJS.ProcessEnv; code: number | null; signal: NodeJS.Signals | null; timeoutMs: number },
  onDone: (r: FinishResult & { error?: unknown }) => void,
): FinishRun {
  let finished = false;
  let timedOut = false;
  let timer: NodeJS.Timeout | undefined;
  const done = (r: FinishResult & { error?: unknown }) => {
    if (finished) return;
    finished = true;
    if (timer !== undefined) clearTimeout(timer);
    onDone(r);
  };
  let child: SpawnedChild;
  try {
    // posix_spawn as ./run (spawned-child.ts): svscan's soft RLIMIT_NOFILE, default signals, no /bin/sh retry
    const r = spawnChild(`./${FINISH_FILE}`, [`./${FINISH_FILE}`, ...finishArgs(opts.code, opts.signal)], { cwd: opts.dir, fds: opts.fds, env: opts.env });
    if ('errno' in r) throw Object.assign(new Error(`spawn ./${FINISH_FILE}: ${errnoName(r.errno) ?? r.errno}`), { code: errnoName(r.errno), errno: -r.errno, syscall: 'spawn' });
    child = r;
  } catch (e) {
    queueMicrotask(() => done({ code: null, signal: null, timedOut: false, error: e }));
    return { unref() {} };
  }
  child.once('exit', (code, signal) => done({ code, signal, timedOut }));
  const kill = () => {
    child.kill('SIGKILL');
  };
  if (opts.timeoutMs > 0) {
    timer = setTimeout(() => {
      timedOut = true;
      kill();
    }, opts.timeoutMs);
  }
  return {
    unref() {
      child.unref();
      timer?.unref();
    },
  };
}
