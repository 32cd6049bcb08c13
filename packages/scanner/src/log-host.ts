// The scanner's side of the log host (decision 0005): starts the one host process on demand (and again after
// it dies), hands it each hosted logger (the pipe's read end by /proc path; the scanner keeps holding both
// ends), and gives the supervisor a child-like handle per logger: pid = the host's, kill(signal) = that
// signal's multilog effect on that one logger, 'exit' when that logger stops (or the host dies).
import { type ChildProcess, spawn } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { closeSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { errnoCode, memfdCreate } from '@dt/posix';
import type { LaunchedChild, StartFailure, StartRunOptions } from './child.js';
import { CARRY_FD, type FromHost, type ToHost } from './log-host-protocol.js';

/**
 * V8 settings of the host (as svscan's): a 1 MB young generation, no V8 worker threads, no USR1 inspector; JS
 * compiled no further than Maglev (TurboFan is ~5 MB of the node binary's code that the host's start touched;
 * Sparkplug only would save 2 MB more but cost 75 % more CPU per MB in a flood); V8's size-over-speed
 * heuristics; gc() for one last-resort collection once the loggers have started (log-host-main.ts settle;
 * decision 0020 has the measurements).
 */
export const LOG_HOST_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=1', '--single-threaded', '--disable-sigusr1', '--max-opt=2', '--optimize-for-size', '--expose-gc'];

export interface LogHostOptions {
  /** The host's main module (default: dist/log-host.js beside this package's entry). */
  mainPath?: string;
  /** Node binary (default process.execPath). */
  execPath?: string;
}

/**
 * The built host: beside this module (dist/), else through the package's `./log-host` export (when this
 * code is bundled into a program, as @dt/cli's svscan, or run from src/ by the tests).
 */
function defaultMainPath(): string {
  const beside = fileURLToPath(new URL('log-host.js', import.meta.url));
  if (existsSync(beside)) return beside;
  try {
    return createRequire(import.meta.url).resolve('@dt/scanner/log-host');
  } catch {
    return fileURLToPath(new URL('../dist/log-host.js', import.meta.url));
  }
}

/** A hosted logger as its supervisor sees it. */
export class HostedChild extends EventEmitter implements LaunchedChild {
  exited = false;
  /** The pid is the host's, shared by every hosted logger. */
  readonly shared = true;
  constructor(
    readonly pid: number,
    private readonly host: LogHost,
    readonly id: number,
  ) {
    super();
  }

  kill(signal: NodeJS.Signals = 'SIGTERM'): boolean {
    if (this.exited) return false;
    return this.host.signal(this.id, signal);
  }

  unref(): void {
    // the host is unref'ed when its last logger is
  }

  /** @internal */
  end(code: number | null, signal: NodeJS.Signals | null): void {
    if (this.exited) return;
    this.exited = true;
    this.emit('exit', code, signal);
  }
}

export class LogHost {
  private child: ChildProcess | undefined;
  private readonly handles = new Map<number, HostedChild>();
  private readonly slots = new Map<string, { slot: number; journal: number }>();
  private nextId = 1;
  private carryFd = -1;
  private closed = false;
  private readonly mainPath: string;
  private readonly execPath: string;

  constructor(opts: LogHostOptions = {}) {
    this.mainPath = opts.mainPath ?? defaultMainPath();
    this.execPath = opts.execPath ?? process.execPath;
  }

  /** The host's main module is there (a missing build must not leave loggers without any process). */
  get available(): boolean {
    return !this.closed && existsSync(this.mainPath);
  }

  /** The host's pid, 0 when none runs. */
  get pid(): number {
    return this.child?.pid ?? 0;
  }

  /** Hosted loggers running now. */
  get size(): number {
    return this.handles.size;
  }

  /** Run one logger in the host (the launch seam's contract: onStarted or onFailed, exactly once). */
  launch(opts: StartRunOptions, args: string[], onStarted: (c: LaunchedChild) => void, onFailed: (f: StartFailure) => void): void {
    const input = opts.fds[0];
    const stderr = opts.fds[2];
    if (this.closed || typeof input !== 'number') {
      onFailed({ code: 'EINVAL', cause: undefined });
      return;
    }
    let child: ChildProcess;
    try {
      child = this.ensureHost();
    } catch (e) {
      onFailed({ code: errnoCode(e) ?? 'EINVAL', cause: e });
      return;
    }
    const id = this.nextId++;
    const handle = new HostedChild(child.pid!, this, id);
    this.handles.set(id, handle);
    const me = process.pid;
    let slot: { slot: number; journal: number };
    try {
      slot = this.slotOf(opts.dir);
    } catch (e) {
      this.handles.delete(id);
      onFailed({ code: errnoCode(e) ?? 'EINVAL', cause: e });
      return;
    }
    this.post({
      t: 'start',
      id,
      input: `/proc/${me}/fd/${input}`,
      journal: `/proc/${me}/fd/${slot.journal}`,
      stderr: typeof stderr === 'number' ? `/proc/${me}/fd/${stderr}` : '',
      cwd: opts.dir,
      args,
      slot: slot.slot,
    });
    onStarted(handle);
  }

  /** @internal */
  signal(id: number, signal: NodeJS.Signals): boolean {
    if (!this.handles.has(id)) return false;
    return this.post({ t: 'signal', id, signal });
  }

  /** Let the host go: it ends every logger still running at a line end, then exits. Resolves when it has. */
  close(): Promise<void> {
    this.closed = true;
    const child = this.child;
    const done =
      child === undefined || child.exitCode !== null || child.signalCode !== null
        ? Promise.resolve()
        : new Promise<void>((resolve) => child.once('exit', () => resolve()));
    if (child?.connected) {
      this.post({ t: 'leave' });
      child.disconnect();
    }
    return done.then(() => {
      if (this.carryFd >= 0) closeSync(this.carryFd);
      this.carryFd = -1;
      for (const s of this.slots.values()) closeSync(s.journal);
      this.slots.clear();
    });
  }

  private post(m: ToHost): boolean {
    const child = this.child;
    if (!child?.connected) return false;
    try {
      child.send(m);
      return true;
    } catch {
      return false;
    }
  }

  /** The directory's slot in the carry file and its journal (made on first use, kept across hosts). */
  private slotOf(dir: string): { slot: number; journal: number } {
    let s = this.slots.get(dir);
    if (s === undefined) {
      s = { slot: this.slots.size, journal: memfdCreate('dt-log-journal') };
      this.slots.set(dir, s);
    }
    return s;
  }

  private ensureHost(): ChildProcess {
    if (this.child) return this.child;
    // in memory and anonymous: only the scanner and its hosts hold it
    if (this.carryFd < 0) this.carryFd = memfdCreate('dt-log-carry');
    const stdio: (number | 'ignore' | 'inherit' | 'ipc')[] = ['ignore', 'ignore', 'inherit', 'ipc'];
    stdio[CARRY_FD] = this.carryFd;
    // a Node without one of them (--disable-sigusr1 is 22.14+) runs without it
    const flags = this.execPath === process.execPath ? LOG_HOST_NODE_FLAGS.filter((f) => f !== '--disable-sigusr1' || process.allowedNodeEnvironmentFlags.has(f)) : LOG_HOST_NODE_FLAGS;
    // a session of its own, as every ./run of startTree: a Ctrl-C in the program's terminal (the signal
    // to its process group) must not end the host before the orderly stop has drained every logger
    const child = spawn(this.execPath, [...flags, this.mainPath], {
      stdio,
      detached: true,
      env: { ...process.env, MALLOC_ARENA_MAX: process.env.MALLOC_ARENA_MAX ?? '2' },
      serialization: 'json',
    });
    if (child.pid === undefined) {
      child.on('error', () => {});
      throw Object.assign(new Error('unable to start the log host'), { code: 'EAGAIN' });
    }
    child.on('error', () => {});
    child.on('message', (m: FromHost) => {
      if (m?.t !== 'exit') return;
      const h = this.handles.get(m.id);
      this.handles.delete(m.id);
      h?.end(m.code, m.signal as NodeJS.Signals | null);
    });
    child.once('exit', (code, signal) => {
      if (this.child === child) this.child = undefined;
      // every logger still hosted there stopped as the host did; the supervisors restart them
      const left = [...this.handles.values()].filter((h) => h.pid === child.pid);
      for (const h of left) {
        this.handles.delete(h.id);
        h.end(code, signal);
      }
    });
    this.child = child;
    return child;
  }
}
