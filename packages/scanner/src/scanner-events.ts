// What a Scanner (and a Tree) tells its listeners, typed: each supervised program's start, readiness, exit,
// restart, a service that keeps failing, and every diagnostic line. `name` is the service's name in the
// scan directory, its logger's is `name/log`. Events are facts the supervisors already know: nothing here
// reads the disk.
import type { EventEmitter } from 'node:events';
import type { SupervisorExit } from './supervisor.js';

/** Exits after less than this many ms of uptime count towards a crash loop. */
export const CRASH_UPTIME_MS = 1000;
/** This many such exits in a row make the service `failing`. */
export const CRASH_LOOP_EXITS = 3;

export interface ServiceEvent {
  /** `web`, or `web/log` for its logger. */
  name: string;
  dir: string;
  pid: number;
}

export interface ServiceExitEvent extends ServiceEvent {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** How long that process ran, ms. */
  uptimeMs: number;
}

export interface ServiceRestartEvent extends ServiceEvent {
  /** Starts after the first, since the supervisor began. */
  restarts: number;
}

/**
 * Why a service is failing: another supervisor holds its lock (`locked`, nothing will change that by
 * itself), its supervisor could not take charge (`supervise`), ./run cannot be started (`start`), or it
 * keeps exiting within CRASH_UPTIME_MS (`crash-loop`, CRASH_LOOP_EXITS times in a row).
 */
export type FailingReason = 'locked' | 'supervise' | 'start' | 'crash-loop';

export interface ServiceFailingEvent {
  name: string;
  dir: string;
  reason: FailingReason;
  /** The diagnostic in daemontools' words (`supervise: fatal: unable to acquire DIR/supervise/lock: temporary failure`). */
  message: string;
  /** The last exit, for `crash-loop`. */
  lastExit?: SupervisorExit;
}

export interface ScannerEvents {
  start: [event: ServiceEvent];
  ready: [event: ServiceEvent];
  exit: [event: ServiceExitEvent];
  restart: [event: ServiceRestartEvent];
  failing: [event: ServiceFailingEvent];
  /** Every diagnostic line, in daemontools' form, without its newline (also when .svscan/log takes them). */
  warning: [line: string];
  /** stop() has finished. */
  stopped: [];
  /** One supervisor ended (after x); its directory as the scanner knows it. */
  'supervisor-done': [dir: string];
}

type Emit = <K extends keyof ScannerEvents>(event: K, ...args: ScannerEvents[K]) => void;

/**
 * Forwards one supervisor's events as ScannerEvents and watches for a crash loop. Returns the hook for its
 * diagnostics, which turns `unable to start DIR/run` into a `failing` event.
 */
export function observeSupervisor(sup: EventEmitter, name: string, dir: string, emit: Emit): (line: string) => void {
  let starts = 0;
  let startedAt = 0;
  let quickExits = 0;
  let failingSaid = false;
  sup.on('start', (pid: number) => {
    starts += 1;
    startedAt = performance.now();
    emit('start', { name, dir, pid });
    if (starts > 1) emit('restart', { name, dir, pid, restarts: starts - 1 });
  });
  sup.on('ready', (pid: number) => emit('ready', { name, dir, pid }));
  sup.on('exit', (exit: SupervisorExit) => {
    const uptimeMs = performance.now() - startedAt;
    emit('exit', { name, dir, ...exit, uptimeMs });
    if (uptimeMs >= CRASH_UPTIME_MS) {
      quickExits = 0;
      failingSaid = false;
      return;
    }
    quickExits += 1;
    if (quickExits >= CRASH_LOOP_EXITS && !failingSaid) {
      failingSaid = true;
      const how = exit.signal !== null ? `signal ${exit.signal}` : `code ${exit.code}`;
      const message = `${dir} exited ${quickExits} times in a row within ${CRASH_UPTIME_MS} ms of its start (last: ${how})`;
      emit('failing', { name, dir, reason: 'crash-loop', message, lastExit: exit });
    }
  });
  return (line) => {
    if (!failingSaid && line.startsWith(`supervise: fatal: unable to start ${dir}/run`)) {
      failingSaid = true;
      emit('failing', { name, dir, reason: 'start', message: line });
    }
  };
}
