// Never two copies (docs/decisions/0007): a ./run that a dead supervisor left running is recognised from
// supervise/dt-status.json (its pid, and the kernel start time of that pid, so pid reuse cannot pass for
// it) and then either stopped before a new ./run starts, or adopted and watched through a pidfd.
import { EventEmitter } from 'node:events';
import { closeSync } from 'node:fs';
import { pidfdExited, pidfdOpen, pidfdSendSignal, processStartTime, readProcStat } from '@dt/posix';
import { readSidecarFile } from '@dt/supervise-protocol';
import type { LaunchedChild } from './child.js';
import { groupAlive, signalGroup } from './process-group.js';
import type { SupervisorClock } from './supervisor-clock.js';

/** How often an adopted or reclaimed orphan is looked at, ms. */
export const ORPHAN_POLL_MS = 50;

export interface Orphan {
  pid: number;
  startTime: number;
  /** It leads a process group of its own: signals go to the group. */
  group: boolean;
  /** From the sidecar: when it was started (ISO), and the restarts counted so far. */
  startedAt: string | null;
  restarts: number;
}

let ownStartTime: number | undefined;
/** The kernel start time of this process (recorded as supervisorStartTime). */
export function supervisorStartTime(): number | undefined {
  ownStartTime ??= processStartTime(process.pid);
  return ownStartTime;
}

function supervisorAlive(pid: number, startTime: number | null | undefined): boolean {
  const now = processStartTime(pid);
  if (now === undefined) return false;
  // without a recorded start time (an older sidecar), a live pid counts as the supervisor
  return startTime === undefined || startTime === null || now === startTime;
}

/**
 * The orphan DIR's sidecar names, if any: a live process with the recorded start time whose supervisor is
 * gone. Call it holding DIR/supervise/lock. Never throws (an unreadable sidecar names nobody).
 */
export function findOrphan(dir: string): Orphan | undefined {
  let s;
  try {
    s = readSidecarFile(dir);
  } catch {
    return undefined;
  }
  if (s === undefined || s.pid <= 0 || s.startTime === undefined || s.startTime === null) return undefined;
  const stat = readProcStat(s.pid);
  if (stat === undefined || stat.startTime !== s.startTime || stat.state === 'Z') return undefined;
  if (supervisorAlive(s.supervisorPid, s.supervisorStartTime)) return undefined;
  return { pid: s.pid, startTime: s.startTime, group: stat.pgrp === s.pid, startedAt: s.startedAt, restarts: s.restarts };
}

/**
 * A process we did not start, as a LaunchedChild: signals through a pidfd (to the group when it leads
 * one), and 'exit' (code and signal unknown: it is not our child, so its status goes to whoever reaps it)
 * once the pidfd says it has ended. Throws when it is already gone.
 */
export class AdoptedProcess extends EventEmitter implements LaunchedChild {
  private fd: number;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    readonly pid: number,
    startTime: number,
    private readonly group: boolean,
  ) {
    super();
    this.fd = pidfdOpen(pid);
    // the pidfd names whatever has the pid now: make sure it is still the process the sidecar names
    if (processStartTime(pid) !== startTime) {
      closeSync(this.fd);
      throw Object.assign(new Error(`process ${pid} is gone`), { code: 'ESRCH' });
    }
    this.timer = setInterval(() => this.poll(), ORPHAN_POLL_MS);
  }

  kill(signal: NodeJS.Signals | number = 'SIGTERM'): boolean {
    if (this.fd < 0) return false;
    if (this.group && typeof signal === 'string') return signalGroup(this.pid, signal);
    return pidfdSendSignal(this.fd, signal);
  }

  unref(): void {
    this.timer?.unref();
  }

  /** Stop watching (the process is left alone). */
  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    if (this.fd >= 0) closeSync(this.fd);
    this.fd = -1;
  }

  private poll(): void {
    if (this.fd < 0 || !pidfdExited(this.fd)) return;
    this.close();
    this.emit('exit', null, null);
  }
}

export interface ReclaimOptions {
  /** Wait this long for it to end on its own first (a logger reading its old pipe to EOF), ms. */
  drainMs: number;
  /** Between TERM and KILL, ms. */
  killMs: number;
  clock: SupervisorClock;
  onWarning(text: string): void;
}

/**
 * Stop an orphan: (after drainMs, if it has not ended) TERM and CONT, then KILL after killMs, to its group
 * when it leads one. Calls onGone once it (and, for a group, every member) is gone.
 */
export function reclaimOrphan(orphan: Orphan, opts: ReclaimOptions, onGone: () => void): { cancel(): void } {
  let p: AdoptedProcess | undefined;
  try {
    p = new AdoptedProcess(orphan.pid, orphan.startTime, orphan.group);
  } catch {
    p = undefined; // gone meanwhile
  }
  let timer: unknown;
  let poll: NodeJS.Timeout | undefined;
  let over = false;
  let exited = p === undefined;
  const leaderGone = () => exited;
  p?.once('exit', () => {
    exited = true;
  });
  const gone = () => leaderGone() && (!orphan.group || !groupAlive(orphan.pid));
  const finish = () => {
    if (over) return;
    over = true;
    if (timer !== undefined) opts.clock.clearTimeout(timer);
    if (poll) clearInterval(poll);
    p?.close();
    onGone();
  };
  const signal = (sig: NodeJS.Signals) => {
    if (orphan.group) signalGroup(orphan.pid, sig);
    else if (!exited) p?.kill(sig);
  };
  const term = () => {
    if (gone()) return finish();
    opts.onWarning(`stopping process ${orphan.pid} left running by a dead supervisor`);
    signal('SIGTERM');
    signal('SIGCONT');
    timer = opts.clock.setTimeout(() => {
      if (gone()) return finish();
      opts.onWarning(`process ${orphan.pid} still running ${opts.killMs} ms after TERM, sending KILL`);
      signal('SIGKILL');
    }, opts.killMs);
  };
  poll = setInterval(() => {
    if (gone()) finish();
  }, ORPHAN_POLL_MS);
  if (opts.drainMs > 0 && !gone()) timer = opts.clock.setTimeout(term, opts.drainMs);
  else term();
  return {
    cancel() {
      over = true;
      if (timer !== undefined) opts.clock.clearTimeout(timer);
      if (poll) clearInterval(poll);
      p?.close();
    },
  };
}
