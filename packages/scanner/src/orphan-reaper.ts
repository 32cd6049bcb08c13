// Being an init (docs/decisions/0004, 0007): as PID 1 of a container or PID namespace, or as a child
// subreaper (PR_SET_CHILD_SUBREAPER), every process orphaned below us is re-parented to us, and its exit
// leaves a zombie until we reap it. Node's child_process reaps only the children it started (libuv
// waitpid()s each of its own pids), and a waitpid(-1) would steal their statuses. So: list our children
// (/proc/self/task/*/children), and reap a zombie only once it has stayed a zombie across two sweeps —
// libuv reaps its own on the SIGCHLD that made them zombies, in the event-loop turn between two sweeps.
// The children started through posix_spawn (spawned-child.ts) are collected by their SpawnedChild: their
// pids are never reaped here, however long they stay zombies (a blocked event loop).
import { readFileSync, readdirSync } from 'node:fs';
import { readProcStat, reapChild, setChildSubreaper } from '@dt/posix';
import { isSpawnedChild } from './spawned-child.js';

/** Between sweeps, ms. */
export const REAP_INTERVAL_MS = 250;

/** Our children's pids, from every thread's children list (orphans may be re-parented to any thread). */
export function childrenOfSelf(): number[] {
  const out = new Set<number>();
  let tasks: string[];
  try {
    tasks = readdirSync('/proc/self/task');
  } catch {
    return [];
  }
  for (const t of tasks) {
    try {
      for (const p of readFileSync(`/proc/self/task/${t}/children`, 'latin1').split(' ')) if (p !== '' && p !== '\n') out.add(Number(p));
    } catch {
      // thread gone
    }
  }
  return [...out];
}

export interface OrphanReaper {
  /** Zombies reaped so far. */
  readonly reaped: number;
  stop(): void;
}

/**
 * Reap orphans re-parented to this process until stop(). When this process is not PID 1, it first becomes
 * a child subreaper (so orphans of its descendants come to it rather than to the real init).
 */
export function startOrphanReaper(opts: { subreaper?: boolean } = {}): OrphanReaper {
  if (process.pid !== 1 && opts.subreaper !== false) setChildSubreaper(true);
  let seen = new Set<number>();
  let reaped = 0;
  const sweep = () => {
    const zombies = new Set<number>();
    for (const pid of childrenOfSelf()) {
      if (isSpawnedChild(pid)) continue;
      if (readProcStat(pid)?.state !== 'Z') continue;
      if (!seen.has(pid)) {
        zombies.add(pid); // libuv's own, maybe: look again next time
        continue;
      }
      if (reapChild(pid) !== undefined) reaped += 1;
    }
    seen = zombies;
  };
  const timer = setInterval(sweep, REAP_INTERVAL_MS);
  timer.unref();
  return {
    get reaped() {
      return reaped;
    },
    stop() {
      clearInterval(timer);
    },
  };
}
