// Shared by the Supervisor tests: service directories built from the fixture run scripts, polling with a
// deadline (never a fixed sleep), and clean-up of every process a test started.
import { chmodSync, copyFileSync, mkdtempSync, readFileSync, rmSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export { isAlive, readLines, waitFor } from './helpers.js';

export const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'supervisor');

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
