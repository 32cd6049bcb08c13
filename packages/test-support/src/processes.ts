// What /proc says about the processes a test started, and killing all of them (never by name).
import { readFileSync } from 'node:fs';

/** The process state letter of /proc/PID/stat (R, S, T, Z...). */
export function procState(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0];
  } catch {
    return undefined;
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

function killQuietly(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // already gone
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
