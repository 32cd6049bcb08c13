// Shared by the supervise end-to-end tests: start our supervise (dist/bin/supervise.js) or the real
// /usr/bin/supervise on a service directory, make sure the real daemontools is installed, build service
// directories from the fixture run scripts, poll with a deadline, and kill every process afterwards (those
// last from the shared @dt/test-support, imported by the tests themselves).
import { afterEach, beforeAll } from '@jest/globals';
import { type ChildProcess, spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ProcessJanitor, removeTree } from '@dt/test-support';

export const CLI_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const SUPERVISE_JS = join(CLI_ROOT, 'dist', 'bin', 'supervise.js');

/** Fails (never skips) when a real program the test compares against is missing. */
export function requireReal(...paths: string[]): void {
  for (const p of paths) {
    try {
      accessSync(p, constants.X_OK);
    } catch {
      throw new Error(`${p} is missing: install Debian's daemontools (apt-get install daemontools) to run this test`);
    }
  }
  try {
    accessSync(SUPERVISE_JS, constants.R_OK);
  } catch {
    throw new Error(`${SUPERVISE_JS} is missing: build the CLI first (cd packages/cli && npx tsup)`);
  }
}

export interface Running {
  proc: ChildProcess;
  stderr: () => string;
  /** The process ended (its stderr may still be held open by ./run). */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** The process ended and its stderr closed: everything it printed is in stderr(). */
  closed: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Run `supervise NAME` in cwd: ours (node dist/bin/supervise.js) or the real one. */
export function runSupervise(which: 'ours' | 'real', cwd: string, name: string): Running {
  const proc =
    which === 'ours'
      ? spawn(process.execPath, [SUPERVISE_JS, name], { cwd, stdio: ['ignore', 'ignore', 'pipe'] })
      : spawn('/usr/bin/supervise', [name], { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  proc.stderr!.setEncoding('utf8');
  proc.stderr!.on('data', (d: string) => {
    err += d;
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    proc.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const closed = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    proc.once('close', (code, signal) => resolve({ code, signal })),
  );
  return { proc, stderr: () => err, exited, closed };
}

/**
 * The set-up every supervise end-to-end file shares: the real tools it compares against are required
 * (beforeAll), and after each test every pid given to `janitor` is killed and every root in `roots` removed.
 */
export function useSuperviseTest(...realTools: string[]): { janitor: ProcessJanitor; roots: string[] } {
  const janitor = new ProcessJanitor();
  const roots: string[] = [];
  beforeAll(() => requireReal(...realTools));
  afterEach(() => {
    janitor.killAll();
    for (const r of roots.splice(0)) removeTree(r);
  });
  return { janitor, roots };
}
