// How a logger's ./run is started (decision 0005): in the log host when log/run is the recognised
// `exec multilog ARGS` form, its multilog really is a multilog (on PATH, or this project's by path) and the
// directory has no opt-out file; as a process (child.ts startRun) otherwise. Decided at every start, as
// supervise runs ./run afresh each time.
import { accessSync, constants, existsSync, readFileSync, realpathSync } from 'node:fs';
import { delimiter, dirname, join, resolve } from 'node:path';
import { type LaunchedChild, type StartFailure, type StartRunOptions, startRun } from './child.js';
import type { LogHost } from './log-host.js';
import { recogniseLogRun } from './log-run.js';

/** A file of this name in a logger's directory keeps that logger a process of its own. */
export const NO_HOST_FILE = 'dt-no-host';
/** log/run longer than this is not the one-line form. */
const MAX_RUN_SIZE = 4096;

export type Launch = (opts: StartRunOptions, onStarted: (child: LaunchedChild) => void, onFailed: (f: StartFailure) => void) => void;

function onPath(name: string, env: NodeJS.ProcessEnv): boolean {
  for (const d of (env.PATH ?? '/bin:/usr/bin').split(delimiter)) {
    try {
      accessSync(join(d === '' ? '.' : d, name), constants.X_OK);
      return true;
    } catch {
      // next
    }
  }
  return false;
}

/** This project's multilog: .../dist/bin/multilog.js of the @dt/cli package (through any symlink). */
function isOurMultilog(path: string): boolean {
  try {
    const real = realpathSync(path);
    if (!real.endsWith('/dist/bin/multilog.js')) return false;
    const pkg = JSON.parse(readFileSync(join(dirname(real), '..', '..', 'package.json'), 'utf8')) as { name?: string };
    return pkg.name === '@dt/cli';
  } catch {
    return false;
  }
}

/** multilog's argv when the logger in `dir` can be hosted, else undefined. */
export function hostableArgs(dir: string, env: NodeJS.ProcessEnv = process.env): string[] | undefined {
  if (existsSync(join(dir, NO_HOST_FILE))) return undefined;
  let raw: Buffer;
  try {
    raw = readFileSync(join(dir, 'run'));
  } catch {
    return undefined;
  }
  if (raw.length > MAX_RUN_SIZE) return undefined;
  const text = raw.toString('utf8');
  if (!Buffer.from(text, 'utf8').equals(raw)) return undefined; // bytes JSON cannot carry exactly
  const form = recogniseLogRun(text);
  if (!form.recognised) return undefined;
  try {
    accessSync(join(dir, 'run'), constants.X_OK);
  } catch {
    return undefined; // let startRun report it exactly
  }
  if (form.program === 'multilog') return onPath('multilog', env) ? form.args : undefined;
  return isOurMultilog(resolve(dir, form.program.path)) ? form.args : undefined;
}

/** The supervisor `launch` for a logger: hosted when it can be, a process otherwise. */
export function loggerLaunch(host: LogHost): Launch {
  return (opts, onStarted, onFailed) => {
    const args = typeof opts.fds[0] === 'number' && host.available ? hostableArgs(opts.dir, opts.env ?? process.env) : undefined;
    if (args === undefined) startRun(opts, onStarted, onFailed);
    else host.launch(opts, args, onStarted, onFailed);
  };
}
