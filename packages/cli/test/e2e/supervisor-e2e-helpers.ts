// Shared by the supervise end-to-end tests: start our supervise (dist/bin/supervise.js) or the real
// /usr/bin/supervise on a service directory, make sure the real daemontools is installed, build service
// directories from the fixture run scripts, poll with a deadline, and kill every process afterwards.
import { type ChildProcess, spawn } from 'node:child_process';
import { accessSync, chmodSync, constants, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export { isAlive, waitFor } from './helpers/poll.js';

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

/** The run scripts live with the Supervisor's unit tests. */
export const FIXTURES = join(CLI_ROOT, '..', 'scanner', 'test', 'fixtures', 'supervisor');

/** A fresh temp root with one service directory NAME whose run is the fixture RUN (or none). */
export function makeService(run: string | undefined, opts: { name?: string; down?: boolean; root?: string } = {}): {
  root: string;
  dir: string;
} {
  const root = opts.root ?? mkdtempSync(join(tmpdir(), 'dt-supervisor-'));
  const dir = join(root, opts.name ?? 'svc');
  mkdirSync(dir, { recursive: true });
  if (run !== undefined) {
    copyFileSync(join(FIXTURES, run), join(dir, 'run'));
    chmodSync(join(dir, 'run'), 0o755);
  }
  if (opts.down) copyFileSync(join(FIXTURES, 'run-sleep'), join(dir, 'down'));
  return { root, dir };
}

export function removeTree(root: string): void {
  rmSync(root, { recursive: true, force: true });
}

export function readLines(path: string): string[] {
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8').split('\n').filter((l) => l !== '');
}

/** The process state letter of /proc/PID/stat (R, S, T, Z...). */
export function procState(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0];
  } catch {
    return undefined;
  }
}

/** Every pid started in a test, killed with its descendants afterwards. */
export class ProcessJanitor {
  private readonly pids = new Set<number>();

  add(pid: number | undefined): void {
    if (pid) this.pids.add(pid);
  }

  /** SIGKILL every registered pid and all its descendants (collected first, so orphans are not missed). */
  killAll(): void {
    const all: number[] = [];
    for (const pid of this.pids) all.push(...descendantsOf(pid), pid);
    for (const pid of all) killQuietly(pid);
    this.pids.clear();
  }
}

function killQuietly(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

/** Direct children of pid, from /proc/PID/task/PID/children. */
export function childrenOf(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
      .trim()
      .split(/\s+/)
      .filter(Boolean)
      .map(Number);
  } catch {
    return [];
  }
}

/** Every descendant of pid, deepest first. */
export function descendantsOf(pid: number): number[] {
  const out: number[] = [];
  for (const child of childrenOf(pid)) out.push(...descendantsOf(child), child);
  return out;
}
