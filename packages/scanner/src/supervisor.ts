// One service directory supervised as daemontools 0.76 supervise does (supervise.c), in-process: the same
// files under DIR/supervise (lock, control, ok, status), the same control letters (plus q 1 2 of the sigq12
// patch) with the same effects, at most one start of ./run per second. Unlike 0.76 it never goes deaf:
// control letters are acted on at once, even in the second after a start (a pending start waits instead).
// Beyond 0.76 (never changing a byte of status): the exit status, readiness on notification-fd (s6), a
// ./finish script run after each exit (runit/s6), and supervise/dt-status.json (decision 0002).
import { EventEmitter } from 'node:events';
import { performance } from 'node:perf_hooks';
import { errnoText } from '@dt/posix';
import {
  SIDECAR_VERSION,
  type ServiceStatus,
  type Want,
  isControlLetter,
  readNotificationFd,
  signalForLetter,
  writeSidecarFile,
  writeStatusFile,
} from '@dt/supervise-protocol';
import { type Tai64n, tai64nNow } from '@dt/tai64';
import { type ChildFd, type LaunchedChild, type StartFailure, type StartRunOptions, isForkFailure, startRun } from './child.js';
import { ControlReader, OkHolder } from './control-reader.js';
import { SUPERVISE_ERROR_CODES, SuperviseError } from './errors.js';
import { type FinishRun, hasFinish, readFinishTimeout, runFinish } from './finish.js';
import { ReadinessPipe } from './readiness.js';
import { acquireLock, checkServiceDir, isNormallyDown, makeSuperviseDir } from './service-dir.js';
import { closeFd } from './close-fd.js';

/** 0.76 deepsleep(1) after every start: at most one start per second. */
export const START_INTERVAL_MS = 1000;
/** 0.76 on a fork failure: `sleeping 60 seconds` (Debian patch 0003 then retries). */
export const FORK_RETRY_MS = 60_000;

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
  /**
   * How ./run is started (default child.ts startRun, same contract): a hosted logger (decision 0005) is
   * launched through this seam, its child a handle whose kill(signal) acts on that one logger.
   */
  launch?: (opts: StartRunOptions, onStarted: (child: LaunchedChild) => void, onFailed: (f: StartFailure) => void) => void;
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

type Phase = 'new' | 'running' | 'done' | 'closed';
/** Why a start waits for its second: asked for (u, o, start-up) or a restart after an exit. */
type PendingStart = 'request' | 'restart';

export class Supervisor extends EventEmitter<SupervisorEvents> {
  readonly dir: string;
  private readonly fds: ChildFd[];
  private readonly env: NodeJS.ProcessEnv | undefined;
  private readonly warn: (text: string) => void;
  private readonly launch: NonNullable<SupervisorOptions['launch']>;

  private phase: Phase = 'new';
  // supervise.c's globals
  private flagexit = false;
  private flagwant = true;
  private flagwantup = true;
  private flagpaused = false;
  private stamp: Tai64n = { seconds: 0n, nanoseconds: 0 };

  private child: LaunchedChild | undefined;
  private spawning = false;
  private lastStartAt = Number.NEGATIVE_INFINITY;
  private notBefore = Number.NEGATIVE_INFINITY;
  private pending: PendingStart | undefined;
  private timer: NodeJS.Timeout | undefined;
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

  constructor(opts: SupervisorOptions) {
    super();
    this.dir = opts.dir;
    this.fds = [opts.stdin ?? 0, opts.stdout ?? 1, opts.stderr ?? 2];
    this.env = opts.env;
    this.launch = opts.launch ?? startRun;
    const onWarning = opts.onWarning;
    this.warn = (text) => {
      try {
        onWarning?.(text);
      } catch {
        // a failing warning sink must not stop supervision
      }
    };
    this.controlReader = new ControlReader(this.dir, (letter) => this.handleLetter(letter));
    this.okHolder = new OkHolder(this.dir);
  }

  /** The service's pid; 0 when down. */
  get pid(): number {
    return this.child?.pid ?? 0;
  }

  /** What status byte 17 says. */
  get want(): Want {
    return this.flagwant ? (this.flagwantup ? 'up' : 'down') : 'once';
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
    return this.finishing !== undefined;
  }

  /** True once x has taken effect (the service is down and everything is released). */
  get isDone(): boolean {
    return this.phase === 'done';
  }

  /**
   * Take charge of the directory in 0.76's order: check DIR, read down, mkdir supervise, lock, control,
   * status (before ok exists, so svok success implies status exists), ok, then start ./run unless down.
   */
  async start(): Promise<void> {
    if (this.phase !== 'new') {
      throw new SuperviseError(SUPERVISE_ERROR_CODES.state, `supervisor for ${this.dir} already started`, this.dir);
    }
    checkServiceDir(this.dir);
    this.normallyDown = isNormallyDown(this.dir);
    this.flagwantup = !this.normallyDown;
    makeSuperviseDir(this.dir);
    this.lockFd = acquireLock(this.dir);
    try {
      this.controlReader.open();
      this.pidchange();
      this.announce();
      this.okHolder.open();
    } catch (e) {
      this.release();
      throw e;
    }
    this.phase = 'running';
    if (!this.flagwant || this.flagwantup) this.trystart('request');
  }

  /** Act on letters exactly as if they had been written to DIR/supervise/control. */
  control(letters: string): void {
    for (const letter of letters) this.handleLetter(letter);
  }

  /**
   * Let go of the directory (lock, control, ok) without touching the service, as a killed 0.76 supervise
   * does: ./run keeps running. For an orderly end use control('dx') and wait for 'done'.
   */
  close(): void {
    if (this.phase === 'done' || this.phase === 'closed') return;
    this.phase = 'closed';
    this.release();
    // no longer ours to wait for: it must not keep this process alive
    this.child?.unref();
    this.finishing?.unref();
  }

  // --- supervise.c doit() switch ---------------------------------------------------------------

  private handleLetter(letter: string): void {
    if (this.phase !== 'running') return;
    const pid = this.pid;
    switch (letter) {
      case 'd':
        this.flagwant = true;
        this.flagwantup = false;
        this.cancelPending();
        if (pid) {
          this.signal('SIGTERM');
          this.signal('SIGCONT');
          this.flagpaused = false;
        }
        this.announce();
        break;
      case 'u':
        this.flagwant = true;
        this.flagwantup = true;
        this.announce();
        if (!pid) this.trystart('request');
        break;
      case 'o':
        this.flagwant = false;
        this.announce();
        if (!pid) this.trystart('request');
        break;
      case 'p':
        this.flagpaused = true;
        this.announce();
        if (pid) this.signal('SIGSTOP');
        break;
      case 'c':
        this.flagpaused = false;
        this.announce();
        if (pid) this.signal('SIGCONT');
        break;
      case 'x':
        this.flagexit = true;
        // an exit never restarts the service; a start asked for before x still happens, as in 0.76
        if (this.pending === 'restart') this.cancelPending();
        this.announce();
        break;
      default: {
        // h a i t k q 1 2 only signal; anything else is ignored silently
        const signal = isControlLetter(letter) ? signalForLetter(letter) : undefined;
        if (signal !== undefined && pid) this.signal(signal);
      }
    }
    this.maybeDone();
  }

  /** kill(pid, sig) as 0.76, through the child's handle (a hosted logger maps it to that logger). */
  private signal(signal: NodeJS.Signals): void {
    try {
      this.child?.kill(signal);
    } catch {
      // ESRCH: already gone (its exit is on the way).
    }
  }

  // --- starting and reaping --------------------------------------------------------------------

  /** 0.76 trystart(), paced: a start inside the second after the previous one waits for that second. */
  private trystart(reason: PendingStart): void {
    if (this.phase !== 'running' || this.pid !== 0 || this.spawning) return;
    if (this.finishing !== undefined) {
      // started when ./finish has ended
      if (this.pending !== 'request') this.pending = reason;
      return;
    }
    const due = Math.max(this.lastStartAt + START_INTERVAL_MS, this.notBefore);
    const wait = due - performance.now();
    if (wait > 0) {
      if (this.pending !== 'request') this.pending = reason;
      if (this.timer === undefined) {
        this.timer = setTimeout(() => {
          this.timer = undefined;
          const why = this.pending;
          this.pending = undefined;
          if (why !== undefined) this.trystart(why);
        }, Math.ceil(wait));
      }
      return;
    }
    this.cancelPending();
    this.spawnRun();
  }

  private spawnRun(): void {
    this.lastStartAt = performance.now();
    this.spawning = true;
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
        this.warn(`supervise: warning: unable to create pipe for ${this.dir}/notification-fd: ${errnoText(e as NodeJS.ErrnoException)}`);
      }
    }
    this.launch(
      { dir: this.dir, fds, env: this.env },
      (child) => {
        readiness?.closeWriteEnd();
        this.onStarted(child, readiness);
      },
      (failure) => {
        readiness?.close();
        this.onStartFailed(failure);
      },
    );
  }

  private onStarted(child: LaunchedChild, readiness: ReadinessPipe | undefined): void {
    this.spawning = false;
    const pid = child.pid!;
    if (this.phase !== 'running') {
      readiness?.close();
      return;
    }
    this.child = child;
    this.flagpaused = false;
    this.starts += 1;
    this.startedAt = new Date();
    this.readiness = readiness;
    // without notification-fd, ready = up
    this.readyAt = readiness === undefined ? this.startedAt : undefined;
    this.pidchange();
    this.announce();
    child.once('exit', (code, signal) => this.onExit(child, code, signal));
    readiness?.listen(() => this.onReady(child));
    this.emit('start', pid);
    if (readiness === undefined) this.emit('ready', pid);
  }

  private onReady(child: LaunchedChild): void {
    if (child !== this.child || this.phase !== 'running' || this.readyAt !== undefined) return;
    this.readyAt = new Date();
    this.writeSidecar();
    this.emit('ready', this.pid);
  }

  private onStartFailed(failure: StartFailure): void {
    this.spawning = false;
    if (this.phase !== 'running') return;
    const err = errnoText(failure.code);
    if (isForkFailure(failure)) {
      // 0.76 sleeps 60 s and never retries; Debian patch 0003 retries while wanted up. We do not go deaf.
      this.warn(`supervise: warning: unable to fork for ${this.dir}, sleeping 60 seconds: ${err}`);
      this.notBefore = performance.now() + FORK_RETRY_MS;
    } else {
      // 0.76's child prints this and exits 111; its parent restarts it a second later.
      this.warn(`supervise: fatal: unable to start ${this.dir}/run: ${err}`);
    }
    this.pidchange();
    this.announce();
    if (!this.flagexit && this.flagwant && this.flagwantup) this.trystart('restart');
    this.maybeDone();
  }

  private onExit(child: LaunchedChild, code: number | null, signal: NodeJS.Signals | null): void {
    if (child !== this.child) return;
    const pid = this.pid;
    this.child = undefined;
    this.readiness?.close();
    this.readiness = undefined;
    this.readyAt = undefined;
    if (this.phase !== 'running') return;
    this.pidchange();
    this.exited = { exit: { pid, code, signal }, at: new Date() };
    this.announce();
    this.emit('exit', { pid, code, signal });
    if (this.phase !== 'running') return;
    if (hasFinish(this.dir)) {
      this.finishing = runFinish(
        { dir: this.dir, fds: this.fds, env: this.env, code, signal, timeoutMs: readFinishTimeout(this.dir) },
        (r) => this.onFinished(r),
      );
      return;
    }
    this.afterDown();
  }

  private onFinished(r: { code: number | null; signal: NodeJS.Signals | null; timedOut: boolean; error?: NodeJS.ErrnoException }): void {
    this.finishing = undefined;
    if (this.phase !== 'running') return;
    if (r.error !== undefined) this.warn(`supervise: warning: unable to run ${this.dir}/finish: ${errnoText(r.error)}`);
    else if (r.timedOut) this.warn(`supervise: warning: ${this.dir}/finish timed out, killed`);
    this.emit('finish', { code: r.code, signal: r.signal, timedOut: r.timedOut });
    if (this.phase !== 'running') return;
    this.afterDown();
  }

  /** The service is down and ./finish (if any) has ended: restart when wanted, or finish after x. */
  private afterDown(): void {
    const asked = this.pending;
    this.pending = undefined;
    if (!this.flagexit && this.flagwant && this.flagwantup) this.trystart('restart');
    else if (asked === 'request') this.trystart('request');
    this.maybeDone();
  }

  private cancelPending(): void {
    this.pending = undefined;
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
  }

  /** 0.76: `if (flagexit && !pid) return;` then announce() and _exit(0). */
  private maybeDone(): void {
    if (this.phase !== 'running' || !this.flagexit) return;
    if (this.pid !== 0 || this.spawning || this.finishing !== undefined || this.pending === 'request') return;
    this.announce();
    this.phase = 'done';
    this.release();
    this.emit('done');
  }

  private release(): void {
    this.cancelPending();
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
      // StatusWriteError's message is 0.76's warning text without the errno words
      const cause = (e as Error).cause;
      const text = (e as Error).message + (cause === undefined ? '' : `: ${errnoText(cause as NodeJS.ErrnoException)}`);
      this.warn(`supervise: warning: ${text}`);
    }
    this.writeSidecar();
  }

  /** supervise/dt-status.json, written atomically next to status on every change (decision 0002). */
  private writeSidecar(): void {
    try {
      writeSidecarFile(this.dir, {
        version: SIDECAR_VERSION,
        pid: this.pid,
        supervisorPid: process.pid,
        startedAt: this.startedAt?.toISOString() ?? null,
        ready: this.ready,
        readyAt: this.ready && this.readyAt ? this.readyAt.toISOString() : null,
        restarts: this.restarts,
        lastExit:
          this.exited === undefined ? null : { code: this.exited.exit.code, signal: this.exited.exit.signal, at: this.exited.at.toISOString() },
      });
    } catch (e) {
      const cause = (e as Error).cause;
      const text = (e as Error).message + (cause === undefined ? '' : `: ${errnoText(cause as NodeJS.ErrnoException)}`);
      this.warn(`supervise: warning: ${text}`);
    }
  }
}
