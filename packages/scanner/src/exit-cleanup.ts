// Trees stopped when the program that started them ends (execa's `cleanup`, signal-exit's hooks): at
// process.exit() or the end of the event loop, at an uncaught exception, and at SIGINT, SIGTERM or SIGHUP
// when nothing else listens for it (the signal would have killed the program). One set of listeners for
// every tree of the process, installed while at least one tree is registered.
import { readdirSync, readFileSync } from 'node:fs';
import { errnoCode } from '@dt/posix';

/** What the hooks need of a tree. */
export interface CleanupTarget {
  /** The orderly stop (a signal leaves time for it). */
  stop(): Promise<void>;
  /** Kill what still runs (a second signal). */
  forceStop(): void;
  /** A stop that cannot wait for the event loop (exit, uncaught exception): synchronous. */
  stopNow(): void;
}

export const CLEANUP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

const targets = new Set<CleanupTarget>();
let signalled: Promise<void> | undefined;

function onExit(): void {
  for (const t of [...targets]) {
    targets.delete(t);
    try {
      t.stopNow();
    } catch {
      // the program is ending: stop the others still
    }
  }
}

function onUncaught(): void {
  // Someone handles it: the program goes on, and so do its trees.
  if (process.listenerCount('uncaughtException') > 0) return;
  onExit();
}

function onSignal(sig: NodeJS.Signals): void {
  // Another listener owns this signal: the program decides (its process.exit() still stops the trees).
  if (process.listenerCount(sig) > 1) return;
  if (signalled) {
    for (const t of targets) t.forceStop();
    return;
  }
  const stopping = [...targets];
  signalled = Promise.all(stopping.map((t) => t.stop().catch(() => undefined))).then(() => {
    for (const t of stopping) targets.delete(t);
    uninstall();
    signalled = undefined;
    // end as the signal would have ended us (exit status 128 + n for the shell)
    process.kill(process.pid, sig);
  });
}

function install(): void {
  process.on('exit', onExit);
  process.on('uncaughtExceptionMonitor', onUncaught);
  for (const sig of CLEANUP_SIGNALS) process.on(sig, onSignal);
}

function uninstall(): void {
  process.off('exit', onExit);
  process.off('uncaughtExceptionMonitor', onUncaught);
  for (const sig of CLEANUP_SIGNALS) process.off(sig, onSignal);
}

/** Stop `t` when the program ends; returns how to forget it (after its own stop). */
export function registerCleanup(t: CleanupTarget): () => void {
  if (targets.size === 0 && !signalled) install();
  targets.add(t);
  return () => {
    if (!targets.delete(t)) return;
    if (targets.size === 0 && !signalled) uninstall();
  };
}

/** The process is gone, or a zombie nobody reaped yet (Linux /proc; elsewhere kill 0). */
export function hasExited(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    const end = stat.lastIndexOf(')'); // the state letter follows the command name in parentheses
    return stat.slice(end + 2, end + 3) === 'Z';
  } catch {
    try {
      process.kill(pid, 0);
      return false;
    } catch (e) {
      return errnoCode(e) === 'ESRCH';
    }
  }
}

/** kill(-pid) when `group` (the process group a new session made), else kill(pid); a vanished pid is fine. */
export function signalProcess(pid: number, sig: NodeJS.Signals, group: boolean): void {
  // never this process (a logger hosted in-process has no pid of its own) nor its group, never init
  if (pid <= 1 || pid === process.pid) return;
  try {
    process.kill(group ? -pid : pid, sig);
  } catch {
    if (!group) return;
    try {
      process.kill(pid, sig); // it left its group (setsid of its own): the pid at least
    } catch {
      // gone
    }
  }
}

const SLEEP_MS = 10;

/** Blocks (no event loop is left to wait with) until every pid has exited or `ms` passed; true when all did. */
export function waitGoneSync(pids: readonly number[], ms: number): boolean {
  const cell = new Int32Array(new SharedArrayBuffer(4));
  const deadline = Date.now() + ms;
  for (;;) {
    if (pids.every(hasExited)) return true;
    if (Date.now() >= deadline) return false;
    Atomics.wait(cell, 0, 0, SLEEP_MS);
  }
}

/** Live (not zombie) processes whose session id is `sid` (Linux /proc; [] elsewhere). */
export function sessionMembers(sid: number): number[] {
  const out: number[] = [];
  let names: string[];
  try {
    names = readdirSync('/proc');
  } catch {
    return out;
  }
  for (const name of names) {
    if (name.charCodeAt(0) < 48 || name.charCodeAt(0) > 57) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${name}/stat`, 'latin1');
    } catch {
      continue;
    }
    const [state, , , session] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (state !== 'Z' && Number(session) === sid) out.push(Number(name));
  }
  return out;
}

/**
 * What a stopped service left in its session (a child its run script started and did not take along):
 * TERM+CONT, then KILL after `ms`. Only processes still in that session are signalled, one by one.
 */
export async function sweepSession(sid: number, ms: number): Promise<void> {
  let left = sessionMembers(sid);
  if (left.length === 0) return;
  for (const pid of left) signalProcess(pid, 'SIGTERM', false);
  for (const pid of left) signalProcess(pid, 'SIGCONT', false);
  const deadline = Date.now() + ms;
  while ((left = sessionMembers(sid)).length > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  for (const pid of left) signalProcess(pid, 'SIGKILL', false);
}

/** sweepSession for an exit (no event loop left): blocks while it waits. */
export function sweepSessionSync(sid: number, ms: number): void {
  const left = sessionMembers(sid);
  if (left.length === 0) return;
  for (const pid of left) signalProcess(pid, 'SIGTERM', false);
  for (const pid of left) signalProcess(pid, 'SIGCONT', false);
  if (!waitGoneSync(left, ms)) for (const pid of sessionMembers(sid)) signalProcess(pid, 'SIGKILL', false);
}
