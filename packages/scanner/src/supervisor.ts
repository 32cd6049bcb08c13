// One service directory supervised as daemontools 0.76 supervise does (supervise.c), in-process: the same
// files under DIR/supervise (lock, control, ok, status), the same control letters (plus q 1 2 of the sigq12
// patch) with the same effects, at most one start of ./run per second. Unlike 0.76 it never goes deaf:
// control letters are acted on at once, even in the second after a start (a pending start waits instead).
// The state is one variable and a table (supervisor-table.ts, after s6-supervise's actions[state][event]).
// Beyond 0.76 (never changing a byte of status): the exit status, readiness on notification-fd (s6), a
// ./finish script run after each exit (runit/s6), and supervise/dt-status.json (decision 0002).
import { EventEmitter } from 'node:events';
import { errnoCode, errnoText, readProcStat } from '@dt/posix';
import {
  SIDECAR_VERSION,
  type ServiceStatus,
  type StatusSidecar,
  type Want,
  readNotificationFd,
  signalForLetter,
  writeStatusFile,
} from '@dt/supervise-protocol';
import { type Tai64n, tai64nNow } from '@dt/tai64';
import { type ChildFd, type Launch, type LaunchedChild, type StartFailure, isForkFailure, startRun } from './child.js';
import { ControlReader, OkHolder } from './control-reader.js';
import { SUPERVISE_ERROR_CODES, SuperviseError } from './errors.js';
import { type FinishRun, hasFinish, readFinishTimeout, runFinish } from './finish.js';
import { ReadinessPipe } from './readiness.js';
import { acquireLock, checkServiceDir, isNormallyDown, makeSuperviseDir } from './service-dir.js';
import { closeFd } from './close-fd.js';
import { ACTIONS, type SupervisorAction, type SupervisorEvent, type SupervisorState, eventOfLetter } from './supervisor-table.js';
import { type SupervisorClock, systemClock } from './supervisor-clock.js';
import { CrashLoop, type CrashLoopPolicy, DEFAULT_CRASH_LOOP } from './crash-loop.js';
import { AdoptedProcess, type Orphan, findOrphan, reclaimOrphan, supervisorStartTime } from './orphan.js';
import { groupAlive, signalGroup } from './process-group.js';
import { SidecarWriter } from './sidecar-writer.js';
import {
  CRASH_BACKOFF_MAX_FILE,
  CRASH_BURST_FILE,
  CRASH_INTERVAL_FILE,
  readKillTimeout,
  readNumberOption,
  readOrphanPolicy,
  readProcessGroup,
} from './service-options.js';

/** 0.76 deepsleep(1) after every start: at most one start per second. */
export const START_INTERVAL_MS = 1000;
/** 0.76 on a fork failure: `sleeping 60 seconds` (Debian patch 0003 then retries). */
export const FORK_RETRY_MS = 60_000;
/** Between TERM and KILL where no DIR/timeout-kill says otherwise: orphans, terminate(), a group's leftovers. */
export const DEFAULT_KILL_TIMEOUT_MS = 10_000;

export interface SupervisorOptions {
  /** The service directory, as given (messages quote it as is). */
  dir: string;
  /** fds ./run gets as 0, 1, 2 (real fds; default: ours). */
  stdin?: number;
  stdout?: number;
  stderr?: number;
  /** Environment for ./run (default process.env). */
  env?: NodeJS.ProcessEnv;
  /**
   * Diagnostics as 0.76 supervise prints them, one line without its newline, prefix included
   * (`supervise: fatal: unable to start DIR/run: file does not exist`). The library never prints.
   */
  onWarning?(text: string): void;
  /** Monotonic time and timers (default: performance.now and setTimeout); tests inject their own. */
  clock?: SupervisorClock;
  /** How ./run is started (default: child.ts startRun); a launched child may be any LaunchedChild. */
  launch?: Launch;
  /** Start ./run in a process group of its own unless DIR/dt-process-group says 0 (default false, as 0.76). */
  processGroup?: boolean;
  /** TERM to KILL for orphans, terminate() and a group's leftovers, unless DIR/timeout-kill is set (ms, default 10000). */
  killTimeoutMs?: number;
  /**
   * An orphaned ./run is first given this long to end on its own (ms, default 0): a logger whose old pipe
   * reaches EOF once the orphaned service is gone, so that it loses no line.
   */
  orphanDrainMs?: number;
  /**
   * Keep this process's event loop alive while supervising (default true, as supervise). false: the control
   * FIFO, readiness pipes, the pacing timer and ./run do not hold the loop open (a library tree).
   */
  ref?: boolean;
  /** The crash-loop policy's defaults (each overridden by the DIR/dt-crash-* files). */
  crashLoop?: Partial<CrashLoopPolicy>;
}

export interface SupervisorExit {
  pid: number;
  /** Exit code, or null when killed by a signal. */
  code: number | null;
  /** Signal name, or null. */
  signal: NodeJS.Signals | null;
}

export interface SupervisorEvents {
  start: [pid: number];
  /** The service reported readiness on notification-fd (or, without that file, right after start). */
  ready: [pid: number];
  exit: [exit: SupervisorExit];
  /** ./finish ended (exit, timeout kill, or failure to start). */
  finish: [result: { code: number | null; signal: NodeJS.Signals | null; timedOut: boolean }];
  done: [];
}


export class Supervisor extends EventEmitter<SupervisorEvents> {
  readonly dir: string;
  private readonly fds: ChildFd[];
  private readonly env: NodeJS.ProcessEnv | undefined;
  private readonly warn: (text: string) => void;
  private readonly clock: SupervisorClock;
  private readonly launch: Launch;
  private readonly ref: boolean;

  /** The one state variable (supervisor-table.ts). */
  private current: SupervisorState = 'new';
  // what status bytes 16 and 17 say, and x (supervise.c's flagpaused, flagwant/flagwantup, flagexit)
  private wanted: Want = 'up';
  private flagpaused = false;
  private exiting = false;
  /** A start asked for (u, o, the first start) that 0.76 would already have made: x does not cancel it. */
  private owed = false;
  private stamp: Tai64n = { seconds: 0n, nanoseconds: 0 };

  /** The running ./run (state up). */
  private child: LaunchedChild | undefined;
  /** The pending start's timer (state waiting). */
  private timer: unknown;
  /** The pending start is due on the next turn and the crash policy was read when it was armed. */
  private policyTurn = false;
  private lastStartAt = Number.NEGATIVE_INFINITY;
  private notBefore = Number.NEGATIVE_INFINITY;
  private lockFd = -1;
  private readonly controlReader: ControlReader;
  private readonly okHolder: OkHolder;
  private normallyDown = false;
  /** The last exit of ./run and its wall-clock time. */
  private exited: { exit: SupervisorExit; at: Date } | undefined;
  // dt-status.json (decision 0002)
  private startedAt: Date | undefined;
  private starts = 0;
  /** When the running service became ready; undefined while not ready (or down). */
  private readyAt: Date | undefined;
  private readiness: ReadinessPipe | undefined;
  private finishing: FinishRun | undefined;
  // dt extensions (decision 0007)
  private readonly defaultGroup: boolean;
  private readonly killTimeoutMs: number;
  private readonly orphanDrainMs: number;
  private readonly crashDefaults: CrashLoopPolicy;
  private readonly crash = new CrashLoop();
  /** The running ./run leads its own process group. */
  private runGroup = false;
  /** Kernel start time of the running ./run (dt-status.json startTime). */
  private runStartTime: number | undefined;
  /** d's TERM to KILL escalation (state up), and the crash count's reset after a long enough run. */
  private killTimer: unknown;
  private healthTimer: unknown;
  /** terminate(): escalate even without DIR/timeout-kill. */
  private terminating = false;
  private lastDownAt = Number.NEGATIVE_INFINITY;
  /** When the waiting start is due (wall clock), for dt-status.json. */
  private nextStartAt: Date | undefined;
  /** State reclaiming: the orphan being stopped. */
  private orphan: { orphan: Orphan; cancel(): void } | undefined;
  /** dt-status.json, once per event after status (sidecar-writer.ts). */
  private readonly sidecar: SidecarWriter;

  constructor(opts: SupervisorOptions) {
    super();
    this.dir = opts.dir;
    this.fds = [opts.stdin ?? 0, opts.stdout ?? 1, opts.stderr ?? 2];
    this.env = opts.env;
    this.clock = opts.clock ?? systemClock;
    this.launch = opts.launch ?? startRun;
    this.defaultGroup = opts.processGroup ?? false;
    this.killTimeoutMs = opts.killTimeoutMs ?? DEFAULT_KILL_TIMEOUT_MS;
    this.orphanDrainMs = opts.orphanDrainMs ?? 0;
    this.crashDefaults = { ...DEFAULT_CRASH_LOOP, ...opts.crashLoop };
    const onWarning = opts.onWarning;
    this.warn = (text) => {
      try {
        onWarning?.(text);
      } catch {
        // a failing warning sink must not stop supervision
      }
    };
    this.ref = opts.ref ?? true;
    this.controlReader = new ControlReader(this.dir, (letter) => this.handleLetter(letter), this.ref);
    this.okHolder = new OkHolder(this.dir);
    this.sidecar = new SidecarWriter(this.dir, () => this.sidecarRecord(), this.warn);
  }

  /** Where the state machine is (supervisor-table.ts). */
  get state(): SupervisorState {
    return this.current;
  }

  /** The service's pid; 0 when down. */
  get pid(): number {
    return this.child?.pid ?? 0;
  }

  /** What status byte 17 says. */
  get want(): Want {
    return this.wanted;
  }

  /** What status byte 16 says. */
  get paused(): boolean {
    return this.pid !== 0 && this.flagpaused;
  }

  /** True when DIR/down existed at start. */
  get isNormallyDown(): boolean {
    return this.normallyDown;
  }

  /** The last exit of ./run, or undefined before any. */
  get lastExit(): SupervisorExit | undefined {
    return this.exited?.exit;
  }

  /** Up and ready: notification-fd said so, or there is no notification-fd. */
  get ready(): boolean {
    return this.pid !== 0 && this.readyAt !== undefined;
  }

  /** Starts after the first, since start(). */
  get restarts(): number {
    return Math.max(0, this.starts - 1);
  }

  /** True while ./finish runs. */
  get isFinishing(): boolean {
    return this.current === 'finishing';
  }

  /** The crash-loop policy holds restarts back (dt-status.json `failing`). */
  get failing(): boolean {
    return this.crash.failing;
  }

  /** ./run leads a process group of its own. */
  get processGroup(): boolean {
    return this.pid !== 0 && this.runGroup;
  }

  /** True once x has taken effect (the service is down and everything is released). */
  get isDone(): boolean {
    return this.current === 'done';
  }

  /**
   * Take charge of the directory in 0.76's order: check DIR, read down, mkdir supervise, lock, control,
   * status (before ok exists, so svok success implies status exists), ok, then start ./run unless down.
   */
  async start(): Promise<void> {
    this.sidecar.batch(() => this.takeCharge());
  }

  private takeCharge(): void {
    if (this.current !== 'new') {
      throw new SuperviseError(SUPERVISE_ERROR_CODES.state, `supervisor for ${this.dir} already started`, this.dir);
    }
    checkServiceDir(this.dir);
    this.normallyDown = isNormallyDown(this.dir);
    this.wanted = this.normallyDown ? 'down' : 'up';
    makeSuperviseDir(this.dir);
    this.lockFd = acquireLock(this.dir);
    // holding the lock: a ./run recorded as running is an orphan if its supervisor is dead
    const orphan = findOrphan(this.dir);
    try {
      this.controlReader.open();
      this.pidchange();
      this.announce();
      this.okHolder.open();
    } catch (e) {
      this.release();
      throw e;
    }
    this.current = 'down';
    if (orphan !== undefined && this.takeOrphan(orphan)) return;
    if (this.wanted === 'up') this.trystart(true);
  }

  /**
   * Stop d's way, escalating to KILL (to the group when ./run leads one) after DIR/timeout-kill or
   * killTimeoutMs, and exit: `dx` that never waits forever (the orderly stop).
   */
  terminate(): void {
    this.terminating = true;
    this.control('dx');
  }

  /** Send a signal to ./run's whole process group (to ./run alone when it has none); false when down. */
  signalGroup(signal: NodeJS.Signals): boolean {
    if (this.current !== 'up' || this.pid === 0) return false;
    if (this.runGroup) return signalGroup(this.pid, signal);
    this.sendSignal(signal);
    return true;
  }

  /** Adopt the orphan (DIR/dt-orphan says adopt) or stop it before the first start; false when it is gone. */
  private takeOrphan(orphan: Orphan): boolean {
    if (readOrphanPolicy(this.dir) === 'adopt') {
      let handle: AdoptedProcess;
      try {
        handle = new AdoptedProcess(orphan.pid, orphan.startTime, orphan.group);
      } catch {
        return false;
      }
      this.adopt(handle, orphan);
      return true;
    }
    this.current = 'reclaiming';
    this.owed = this.wanted === 'up';
    const reclaim = reclaimOrphan(
      orphan,
      {
        drainMs: this.orphanDrainMs,
        killMs: readKillTimeout(this.dir) ?? this.killTimeoutMs,
        clock: this.clock,
        onWarning: (text) => this.warn(`supervise: warning: ${this.dir}: ${text}`),
      },
      () => {
        this.orphan = undefined;
        this.dispatch('reclaimed');
      },
    );
    if (this.current === 'reclaiming') {
      this.orphan = { orphan, cancel: reclaim.cancel };
      this.writeSidecar();
    }
    return true;
  }

  private adopt(child: AdoptedProcess, orphan: Orphan): void {
    this.current = 'up';
    this.child = child;
    this.runGroup = orphan.group;
    this.runStartTime = orphan.startTime;
    this.starts = orphan.restarts + 1;
    this.startedAt = orphan.startedAt === null ? new Date() : new Date(orphan.startedAt);
    this.lastStartAt = this.clock.now() - Math.max(0, Date.now() - this.startedAt.getTime());
    // its notification pipe went with its supervisor: it was up, and is taken as ready
    this.readyAt = this.startedAt;
    this.pidchange();
    this.announce();
    child.once('exit', (code, signal) => {
      if (child === this.child) this.dispatch('died', { code, signal });
    });
    this.warn(`supervise: warning: ${this.dir}: adopted process ${orphan.pid} left running by a dead supervisor`);
    this.emit('start', orphan.pid);
    this.emit('ready', orphan.pid);
  }

  /** Act on letters exactly as if they had been written to DIR/supervise/control. */
  control(letters: string): void {
    this.sidecar.batch(() => {
      for (const letter of letters) this.handleLetter(letter);
    });
  }

  /**
   * Let go of the directory (lock, control, ok) without touching the service, as a killed 0.76 supervise
   * does: ./run keeps running. For an orderly end use control('dx') and wait for 'done'.
   */
  close(): void {
    if (this.current === 'done' || this.current === 'closed') return;
    this.current = 'closed';
    this.release();
    // no longer ours to wait for: it must not keep this process alive
    this.child?.unref();
    this.finishing?.unref();
  }

  // --- the table -------------------------------------------------------------------------------

  /** One lookup in ACTIONS, then the action; after each, x may have taken effect (0.76's doit loop). */
  private dispatch(event: SupervisorEvent, arg?: unknown): void {
    const action: SupervisorAction = ACTIONS[this.current][event];
    this.sidecar.batch(() => this.act(action, arg));
  }

  private act(action: SupervisorAction, arg: unknown): void {
    try {
      this[action](arg as never);
      this.maybeDone();
    } catch (e) {
      // No crash spreads: whatever failed here (a vanished directory, no fd left) is this service's
      // warning; the state stays consistent enough to go on, and the next event or scan retries.
      this.warn(`supervise: warning: ${this.dir}: ${describeError(e)}`);
    }
  }

  private handleLetter(letter: string): void {
    const event = eventOfLetter(letter);
    // anything else is ignored silently, as 0.76
    if (event !== undefined) this.dispatch(event, letter);
  }

  // --- actions (supervise.c doit() switch and the events around it) ----------------------------

  private ignore(): void {}

  /** d with no ./run: want down, any pending start cancelled. */
  private wantDown(): void {
    this.wanted = 'down';
    this.cancelPending();
    this.announce();
  }

  /** d with ./run up: SIGTERM then SIGCONT, paused cleared (0.76). */
  private stop(): void {
    this.wanted = 'down';
    this.cancelPending();
    this.sendDown('SIGTERM');
    this.sendDown('SIGCONT');
    this.flagpaused = false;
    this.announce();
    const killMs = readKillTimeout(this.dir) ?? (this.terminating ? this.killTimeoutMs : undefined);
    if (killMs !== undefined && this.killTimer === undefined) {
      this.killTimer = this.clock.setTimeout(() => {
        this.killTimer = undefined;
        this.dispatch('killTimeout');
      }, killMs);
    }
  }

  private wantUp(): void {
    this.wanted = 'up';
    this.announce();
  }

  private wantUpStart(): void {
    this.wantUp();
    // svc -u retries a failing service at once
    this.crash.forgive();
    this.trystart(true);
  }

  private wantOnce(): void {
    this.wanted = 'once';
    this.announce();
  }

  private wantOnceStart(): void {
    this.wantOnce();
    this.trystart(true);
  }

  private pause(): void {
    this.flagpaused = true;
    this.announce();
  }

  private pauseRun(): void {
    this.pause();
    this.sendSignal('SIGSTOP');
  }

  private cont(): void {
    this.flagpaused = false;
    this.announce();
  }

  private contRun(): void {
    this.cont();
    this.sendSignal('SIGCONT');
  }

  /** x: never restart after this; done once down (maybeDone). */
  private exit(): void {
    this.exiting = true;
    this.announce();
  }

  /** x while a start waits: a restart after an exit is cancelled, a start asked for still happens (0.76). */
  private exitCancelRestart(): void {
    this.exiting = true;
    if (!this.owed) this.cancelPending();
    this.announce();
  }

  /** a h i t k q 1 2 with ./run up. */
  private signal(letter: string): void {
    const sig = signalForLetter(letter as never);
    if (sig !== undefined) this.sendSignal(sig);
  }

  /** The pacing timer fired. */
  private startNow(): void {
    this.timer = undefined;
    this.trystart(this.owed);
  }

  /** A spawn reported after close(): the child is not ours any more. */
  private discard(arg: { child: LaunchedChild; readiness: ReadinessPipe | undefined }): void {
    arg.readiness?.close();
  }

  private record({ child, readiness }: { child: LaunchedChild; readiness: ReadinessPipe | undefined }): void {
    const pid = child.pid!;
    this.current = 'up';
    this.child = child;
    this.flagpaused = false;
    this.starts += 1;
    this.startedAt = new Date();
    this.readiness = readiness;
    // without notification-fd, ready = up
    this.readyAt = readiness === undefined ? this.startedAt : undefined;
    this.pidchange();
    this.announce();
    // after the pid is in status (the sidecar, written at the end of this event, is what needs it): our
    // child's pid cannot be reused before we reap it, so its start time is the same read now or earlier
    const stat = readProcStat(pid);
    this.runStartTime = stat?.startTime;
    // a group of its own only if it really leads one (a launched handle, such as a hosted logger, may be
    // another process's pid: its group is never ours to signal)
    if (this.runGroup && (stat?.pgrp !== pid || child.shared === true)) this.runGroup = false;
    child.once('exit', (code, signal) => {
      if (child === this.child) this.dispatch('died', { code, signal });
    });
    readiness?.listen(() => this.onReady(child));
    if (!this.ref) {
      child.unref();
      readiness?.unref();
    }
    if (this.crash.failing) {
      // a run that lasts clears the count
      this.healthTimer = this.clock.setTimeout(() => {
        this.healthTimer = undefined;
        if (child !== this.child) return;
        this.crash.reset();
        this.writeSidecar();
      }, this.crash.policy.intervalMs);
    }
    this.emit('start', pid);
    if (readiness === undefined) this.emit('ready', pid);
  }

  private startFailed(failure: StartFailure): void {
    this.current = 'down';
    this.crash.ended(0);
    this.lastDownAt = this.clock.now();
    const err = errnoText(failure.code);
    if (isForkFailure(failure)) {
      // 0.76 sleeps 60 s and never retries; Debian patch 0003 retries while wanted up. We do not go deaf.
      this.warn(`supervise: warning: unable to fork for ${this.dir}, sleeping 60 seconds: ${err}`);
      this.notBefore = this.clock.now() + FORK_RETRY_MS;
    } else {
      // 0.76's child prints this and exits 111; its parent restarts it a second later.
      this.warn(`supervise: fatal: unable to start ${this.dir}/run: ${err}`);
    }
    this.pidchange();
    this.announce();
    if (!this.exiting && this.wanted === 'up') this.trystart(false);
  }

  private died({ code, signal }: { code: number | null; signal: NodeJS.Signals | null }): void {
    const pid = this.pid;
    this.child = undefined;
    this.runStartTime = undefined;
    this.clearRunTimers();
    const now = this.clock.now();
    this.crash.ended(now - this.lastStartAt);
    this.lastDownAt = now;
    if (this.runGroup) this.sweepGroup(pid);
    this.readiness?.close();
    this.readiness = undefined;
    this.readyAt = undefined;
    this.current = 'down';
    this.pidchange();
    this.exited = { exit: { pid, code, signal }, at: new Date() };
    this.announce();
    this.emit('exit', { pid, code, signal });
    if (this.current !== 'down') return; // a listener closed us
    if (hasFinish(this.dir)) {
      this.current = 'finishing';
      this.finishing = runFinish(
        { dir: this.dir, fds: this.fds, env: this.env, code, signal, timeoutMs: readFinishTimeout(this.dir) },
        (r) => this.dispatch('finished', r),
      );
      if (!this.ref) this.finishing.unref();
      return;
    }
    this.afterDown();
  }

  private finished(r: { code: number | null; signal: NodeJS.Signals | null; timedOut: boolean; error?: NodeJS.ErrnoException }): void {
    this.finishing = undefined;
    this.current = 'down';
    if (r.error !== undefined) this.warn(`supervise: warning: unable to run ${this.dir}/finish: ${errnoText(r.error)}`);
    else if (r.timedOut) this.warn(`supervise: warning: ${this.dir}/finish timed out, killed`);
    this.emit('finish', { code: r.code, signal: r.signal, timedOut: r.timedOut });
    if (this.current !== 'down') return;
    this.afterDown();
  }

  private reclaimed(): void {
    this.current = 'down';
    this.afterDown();
  }

  /** d's kill timeout passed with ./run still up. */
  private kill(): void {
    this.warn(`supervise: warning: ${this.dir}/run still up after TERM, sending KILL`);
    this.sendDown('SIGKILL');
  }

  /** What ./run left in its group when it ended: TERM and CONT, then KILL after the kill timeout. */
  private sweepGroup(pgid: number): void {
    if (!groupAlive(pgid)) return;
    signalGroup(pgid, 'SIGTERM');
    signalGroup(pgid, 'SIGCONT');
    const t = this.clock.setTimeout(() => signalGroup(pgid, 'SIGKILL'), readKillTimeout(this.dir) ?? this.killTimeoutMs);
    (t as NodeJS.Timeout | undefined)?.unref?.();
  }

  private clearRunTimers(): void {
    if (this.killTimer !== undefined) this.clock.clearTimeout(this.killTimer);
    if (this.healthTimer !== undefined) this.clock.clearTimeout(this.healthTimer);
    this.killTimer = this.healthTimer = undefined;
  }

  // --- starting ----------------------------------------------------------------------------------

  /** The service is down and ./finish (if any) has ended: restart when wanted, or the start owed. */
  private afterDown(): void {
    const asked = this.owed;
    this.owed = false;
    if (!this.exiting && this.wanted === 'up') this.trystart(false, true);
    else if (asked) this.trystart(true, true);
  }

  /**
   * 0.76 trystart(), paced: a start inside the second after the previous one waits for that second.
   * `asked`: a start asked for (u, o, start-up), which x does not cancel; otherwise a restart.
   * `yieldFirst` (a start after an exit): even when it is due at once, it runs from a timer, never inside
   * the exit's own callback. Exits arrive through libuv's SIGCHLD pipe, whose reader keeps reading while
   * messages fill its buffer: on a loaded machine, crash-looping services restarted from there (each
   * spawn a fork of this process, each new child dead at once) kept it reading forever, and no timer,
   * no SIGTERM and no control letter was handled any more (seen after the soak, bench/scanner/soak.mjs).
   * A 0 ms timer of the system clock is an immediate (supervisor-clock.ts): the start runs in the same loop
   * turn's check phase, after every event polled with the exit, and each turn still runs timers and polls.
   */
  private trystart(asked: boolean, yieldFirst = false): void {
    const state = this.current;
    if (state === 'finishing' || state === 'reclaiming') {
      // started when ./finish (or the orphan) has ended
      if (asked) this.owed = true;
      return;
    }
    if (state !== 'down' && state !== 'waiting') return;
    if (asked) this.owed = true;
    // read at each start; a start on the next turn (an exit's) keeps what its arming read a moment ago
    if (this.policyTurn) this.policyTurn = false;
    else this.crash.policy = this.crashPolicy();
    const due = Math.max(this.lastStartAt + START_INTERVAL_MS, this.notBefore, this.lastDownAt + this.crash.delayMs());
    const wait = due - this.clock.now();
    if (wait > 0 || yieldFirst) {
      // (re)armed for the due time: svc -u may have brought a back-off's start forward
      if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
      this.current = 'waiting';
      this.nextStartAt = new Date(Date.now() + Math.max(0, wait));
      this.timer = this.clock.setTimeout(() => this.dispatch('due'), Math.max(0, Math.ceil(wait)));
      if (!this.ref) (this.timer as NodeJS.Timeout | undefined)?.unref?.();
      if (this.crash.failing) this.writeSidecar();
      // a restart on the next turn: the sidecar is written once, after the new pid is in status
      else if (wait <= 0) this.sidecar.hold();
      this.policyTurn = wait <= 0;
      return;
    }
    this.cancelPending();
    this.spawnRun();
  }

  private spawnRun(): void {
    this.lastStartAt = this.clock.now();
    this.current = 'starting';
    this.runGroup = readProcessGroup(this.dir) ?? this.defaultGroup;
    const fds = this.fds.slice();
    const notification = readNotificationFd(this.dir);
    let readiness: ReadinessPipe | undefined;
    if (notification !== undefined && 'invalid' in notification) {
      this.warn(`supervise: warning: invalid ${this.dir}/notification-fd: ${notification.invalid}`);
    } else if (notification !== undefined) {
      try {
        readiness = new ReadinessPipe();
        while (fds.length < notification.fd) fds.push('ignore');
        fds[notification.fd] = readiness.writeFd;
      } catch (e) {
        this.warn(`supervise: warning: unable to create pipe for ${this.dir}/notification-fd: ${errnoText(e)}`);
      }
    }
    this.launch(
      { dir: this.dir, fds, env: this.env, processGroup: this.runGroup },
      (child) => {
        readiness?.closeWriteEnd();
        this.dispatch('spawned', { child, readiness });
      },
      (failure) => {
        readiness?.close();
        this.dispatch('spawnFailed', failure);
      },
    );
  }

  private onReady(child: LaunchedChild): void {
    if (child !== this.child || this.current !== 'up' || this.readyAt !== undefined) return;
    this.readyAt = new Date();
    this.writeSidecar();
    this.emit('ready', this.pid);
  }

  private crashPolicy(): CrashLoopPolicy {
    const d = this.crashDefaults;
    return {
      burst: readNumberOption(this.dir, CRASH_BURST_FILE) ?? d.burst,
      intervalMs: readNumberOption(this.dir, CRASH_INTERVAL_FILE) ?? d.intervalMs,
      maxDelayMs: readNumberOption(this.dir, CRASH_BACKOFF_MAX_FILE) ?? d.maxDelayMs,
    };
  }

  /** d's signals: to the whole group when ./run leads one (dt extension), else to ./run only as 0.76. */
  private sendDown(signal: NodeJS.Signals): void {
    if (this.runGroup && this.pid !== 0) signalGroup(this.pid, signal);
    else this.sendSignal(signal);
  }

  /** kill(pid, sig) to ./run only, as 0.76; a vanished child is not an error. */
  private sendSignal(signal: NodeJS.Signals): void {
    try {
      this.child?.kill(signal);
    } catch {
      // ESRCH: already gone (its exit is on the way).
    }
  }

  /** Forget a pending start (waiting goes back to down). */
  private cancelPending(): void {
    this.owed = false;
    this.policyTurn = false;
    if (this.timer !== undefined) {
      this.clock.clearTimeout(this.timer);
      this.timer = undefined;
    }
    if (this.current === 'waiting') this.current = 'down';
  }

  /** 0.76: `if (flagexit && !pid) return;` then announce() and _exit(0). */
  private maybeDone(): void {
    if (!this.exiting) return;
    if (!(this.current === 'down' || (this.current === 'waiting' && !this.owed))) return;
    this.cancelPending();
    this.announce();
    this.current = 'done';
    this.release();
    this.emit('done');
  }

  private release(): void {
    // what this supervisor knows goes out before the lock does
    this.sidecar.flush();
    this.cancelPending();
    this.clearRunTimers();
    this.orphan?.cancel();
    this.orphan = undefined;
    this.readiness?.close();
    this.readiness = undefined;
    this.controlReader.close();
    this.okHolder.close();
    this.lockFd = closeFd(this.lockFd);
  }

  // --- supervise.c pidchange() / announce() ----------------------------------------------------

  private pidchange(): void {
    this.stamp = tai64nNow();
  }

  /** Write the 18-byte status (status.new, then rename); failures are warnings, as 0.76. */
  private announce(): void {
    const status: ServiceStatus = { stamp: this.stamp, pid: this.pid, paused: this.paused, want: this.want };
    try {
      writeStatusFile(this.dir, status);
    } catch (e) {
      // StatusWriteError's message is 0.76's warning text, errno words included
      const text = (e as Error).message;
      this.warn(`supervise: warning: ${text}`);
    }
    this.writeSidecar();
  }

  /** supervise/dt-status.json (decision 0002): changed with status, written once per event after it (0018). */
  private writeSidecar(): void {
    this.sidecar.changed();
  }

  private sidecarRecord(): StatusSidecar {
    // while an orphan is being stopped, the sidecar still names it: were we to die now, the next
    // supervisor would find it again (status says down meanwhile)
    const reclaiming = this.current === 'reclaiming' ? this.orphan?.orphan : undefined;
    return {
      version: SIDECAR_VERSION,
      pid: this.pid,
      supervisorPid: process.pid,
      startedAt: this.startedAt?.toISOString() ?? null,
      ready: this.ready,
      readyAt: this.ready && this.readyAt ? this.readyAt.toISOString() : null,
      restarts: this.restarts,
      lastExit:
        this.exited === undefined ? null : { code: this.exited.exit.code, signal: this.exited.exit.signal, at: this.exited.at.toISOString() },
      startTime: this.runStartTime ?? null,
      supervisorStartTime: supervisorStartTime() ?? null,
      processGroup: this.processGroup,
      failing: this.crash.failing,
      nextStartAt: this.crash.failing && this.current === 'waiting' && this.nextStartAt ? this.nextStartAt.toISOString() : null,
      ...(reclaiming === undefined ? {} : { pid: reclaiming.pid, startTime: reclaiming.startTime }),
    };
  }
}

/** An error as one line: errno words when it has an errno code. */
function describeError(e: unknown): string {
  const code = errnoCode(e);
  const message = e instanceof Error ? e.message : String(e);
  if (code !== undefined && /^E[A-Z]+$/.test(code)) return `${message.split(':')[0]}: ${errnoText(e)}`;
  return message;
}
