// A log directory's processor, as multilog.c runs it. runProcessor is startprocessor: /bin/sh -c PROCESSOR
// in the log directory with fd 0 = previous, fd 1 = processed (truncated), fd 4 = state, fd 5 = newstate
// (truncated), stderr inherited, default signal dispositions (libuv resets them in the child).
// startProcessor is the same run without waiting (for a logger sharing its process with others).
// processPreviousSteps is the rest of fullcurrent's processor step: run it until it succeeds, then make
// processed and newstate durable and replace state. 0.76 reads no input while a processor runs.
import { closeSync, constants as C, fchmodSync, openSync, renameSync, unlinkSync } from 'node:fs';
import type { ChildProcess, StdioOptions } from 'node:child_process';
import { join } from 'node:path';
import { errnoText, withStartNofile } from '@dt/posix';
import type { Retrier } from './retry.js';
import { fsyncing, type ProcessorResult, retrying, type Steps, warnAndPause } from './steps.js';

// node:child_process (and the node:net it loads) is fetched when a processor first runs, not at import: in
// the multilog bundle a top-level import of it was about a third of the start's CPU, and most logs never run
// a processor (issue 14, bench/multilog/startup.mjs).
const childProcess = (): typeof import('node:child_process') => process.getBuiltinModule('node:child_process');


const READ = C.O_RDONLY | C.O_NONBLOCK; // open_read
const TRUNC = C.O_WRONLY | C.O_NONBLOCK | C.O_TRUNC | C.O_CREAT; // open_trunc, 0644
const APPEND = C.O_WRONLY | C.O_NONBLOCK | C.O_APPEND | C.O_CREAT; // open_append

/** startprocessor's redirections, in its order; the first failure is what the 0.76 child would die with. */
function openProcessorFds(dir: string, processor: string): { fds: number[] } | { failed: ProcessorResult } {
  const fds: number[] = [];
  const open = (name: string, flags: number): number => {
    const fd = openSync(join(dir, name), flags, 0o644);
    fds.push(fd);
    return fd;
  };
  try {
    open('previous', READ);
    open('processed', TRUNC);
    open('state', READ);
    open('newstate', TRUNC);
  } catch (e) {
    for (const fd of fds) closeSync(fd);
    return { failed: { outcome: 'failed', reason: `unable to run ${processor}: ${errnoText(e)}` } };
  }
  return { fds };
}

function spawnArgs(dir: string, fds: number[], stderrFd: number | 'inherit') {
  const [fd0, fd1, fd4, fd5] = fds as [number, number, number, number];
  return { argv0: 'sh', cwd: dir, stdio: [fd0, fd1, stderrFd, 'ignore', fd4, fd5] as StdioOptions };
}

function outcome(error: Error | undefined, status: number | null, signal: string | null): ProcessorResult {
  if (error) return { outcome: 'spawn-error', error };
  if (signal) return { outcome: 'crashed', signal };
  return status === 0 ? { outcome: 'ok' } : { outcome: 'failed' };
}

/** One run of `processor` in `dir` (absolute), waited for. `stderrFd` is the child's fd 2. */
export function runProcessor(dir: string, processor: string, stderrFd: number | 'inherit' = 'inherit'): ProcessorResult {
  const opened = openProcessorFds(dir, processor);
  if ('failed' in opened) return opened.failed;
  try {
    // the open-file limit multilog was started with, not the one Node raised
    const r = withStartNofile(() => childProcess().spawnSync('/bin/sh', ['-c', processor], spawnArgs(dir, opened.fds, stderrFd)));
    return outcome(r.error, r.status, r.signal);
  } finally {
    for (const fd of opened.fds) closeSync(fd);
  }
}

/**
 * The same run without waiting: the child gets the same fds; `done` gets its result from the event loop.
 * Returns the child's pid (undefined when it could not be started; `done` is then called on the next turn).
 */
export function startProcessor(
  dir: string,
  processor: string,
  stderrFd: number | 'inherit',
  done: (r: ProcessorResult) => void,
): number | undefined {
  const opened = openProcessorFds(dir, processor);
  if ('failed' in opened) {
    const failed = opened.failed;
    setImmediate(() => done(failed));
    return undefined;
  }
  let child: ChildProcess;
  try {
    child = withStartNofile(() => childProcess().spawn('/bin/sh', ['-c', processor], spawnArgs(dir, opened.fds, stderrFd)));
  } catch (e) {
    setImmediate(() => done({ outcome: 'spawn-error', error: e instanceof Error ? e : new Error(String(e)) }));
    return undefined;
  } finally {
    for (const fd of opened.fds) closeSync(fd); // the child holds its own copies
  }
  let settled = false;
  const settle = (r: ProcessorResult): void => {
    if (settled) return;
    settled = true;
    done(r);
  };
  child.once('error', (e) => settle({ outcome: 'spawn-error', error: e }));
  child.once('exit', (status, signal) => settle(outcome(undefined, status, signal)));
  return child.pid;
}

/** The log directory a processor runs for, and how its failures are reported. */
export interface ProcessedDir {
  /** Absolute path. */
  path: string;
  /** As the script names it (in messages). */
  name: string;
  /** The processor's fd 2. */
  stderrFd: number | 'inherit';
  retrier: Retrier;
  /** A processor that cannot even start: `unable to run PROCESSOR: ERR`. */
  onProcessorError: (text: string) => void;
}

/**
 * multilog.c fullcurrent() after previous is made: runs `processor` over DIR/previous until it exits 0
 * (warning and pausing as 0.76 does), syncs processed and newstate, removes previous and renames newstate
 * to state. The caller then archives processed (finish). Steps: the driver runs the processor (steps.ts).
 */
export function* processPreviousSteps(dir: ProcessedDir, processor: string): Steps {
  const p = (file: string) => join(dir.path, file);
  const r = dir.retrier;
  for (;;) {
    const res = (yield { kind: 'processor', dir: dir.path, processor, stderrFd: dir.stderrFd }) as ProcessorResult;
    if (res.outcome === 'ok') break;
    if (res.outcome === 'spawn-error') {
      yield* warnAndPause(r, `unable to fork for processor in ${dir.name}, pausing: ${errnoText(res.error)}`);
      continue;
    }
    if (res.outcome === 'crashed') {
      // 0.76 prints strerr_sys here: whatever errno still holds, in practice ENOENT left by an earlier
      // stat/unlink of a missing file (observed: "pausing: file does not exist"); then "processor failed"
      yield* warnAndPause(r, `processor crashed in ${dir.name}, pausing: file does not exist`);
    } else if (res.reason !== undefined) {
      dir.onProcessorError(res.reason);
    }
    yield* warnAndPause(r, `processor failed in ${dir.name}, pausing`);
  }
  const fdp = yield* retrying(r, `unable to create ${dir.name}/processed`, () => openSync(p('processed'), APPEND, 0o600));
  try {
    yield* fsyncing(r, `unable to write ${dir.name}/processed to disk`, fdp);
    yield* retrying(r, `unable to set mode of ${dir.name}/processed`, () => fchmodSync(fdp, 0o744));
  } finally {
    closeSync(fdp);
  }
  const fdn = yield* retrying(r, `unable to create ${dir.name}/newstate`, () => openSync(p('newstate'), APPEND, 0o600));
  try {
    yield* fsyncing(r, `unable to write ${dir.name}/newstate to disk`, fdn);
  } finally {
    closeSync(fdn);
  }
  yield* retrying(r, `unable to remove ${dir.name}/previous`, () => unlinkSync(p('previous')));
  yield* retrying(r, `unable to rename newstate to state in directory ${dir.name}`, () =>
    renameSync(p('newstate'), p('state')),
  );
}
