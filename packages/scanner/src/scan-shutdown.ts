// The seed's orderly stop runs each service's executable `shutdown` script before the service is told
// to go down (spec §3.4): from the service directory, stdout into the service's log pipe, bounded in time.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { errnoText, withStartNofile } from '@dt/posix';
import { isExecutableFile } from './executable.js';

export const SHUTDOWN_SCRIPT = 'shutdown';

export interface ShutdownOptions {
  stdout: number;
  stderr: number;
  /** After this the script gets TERM (and KILL a second later) and the stop goes on. */
  timeoutMs: number;
  /** svscan warning texts (no prefix). */
  onWarning?(text: string): void;
}

/** True when DIR/shutdown is a regular file we may execute. */
export function hasShutdownScript(dir: string): boolean {
  return isExecutableFile(join(dir, SHUTDOWN_SCRIPT));
}

/** Run DIR/shutdown when it is there; resolves when it has exited or was killed. Never rejects. */
export function runShutdownScript(dir: string, opts: ShutdownOptions): Promise<void> {
  if (!hasShutdownScript(dir)) return Promise.resolve();
  return new Promise((resolve) => {
    const child = withStartNofile(() => spawn(`./${SHUTDOWN_SCRIPT}`, [], { cwd: dir, stdio: ['ignore', opts.stdout, opts.stderr] }));
    let killTimer: NodeJS.Timeout | undefined;
    const timer = setTimeout(() => {
      opts.onWarning?.(`${dir}/${SHUTDOWN_SCRIPT} still running after ${opts.timeoutMs} ms, sending TERM`);
      child.kill('SIGTERM');
      killTimer = setTimeout(() => child.kill('SIGKILL'), 1000);
    }, opts.timeoutMs);
    const done = () => {
      clearTimeout(timer);
      if (killTimer) clearTimeout(killTimer);
      resolve();
    };
    child.on('error', (e) => {
      opts.onWarning?.(`unable to run ${dir}/${SHUTDOWN_SCRIPT}: ${errnoText(e as NodeJS.ErrnoException)}`);
      done();
    });
    child.on('exit', done);
  });
}
