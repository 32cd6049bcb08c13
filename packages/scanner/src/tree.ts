// A whole scan directory from Node: start it in this process (a Scanner, i.e. svscan plus one supervisor
// per service), get a handle per service, wait until every service is ready, stop it in order.
// `await using tree = await startTree(dir)` stops it when the block ends, even on a throw. By default the
// services run in their own sessions (a Ctrl-C reaches the program, which stops the tree in order), the
// tree is stopped when the program ends however it ends (exit-cleanup.ts), and it does not keep the event
// loop alive by itself.
import { EventEmitter } from 'node:events';
import { closeSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { findLogDir, lineLabel, readLogs, sinceLabel } from '@dt/multilog';
import {
  describeLastExit,
  describeState,
  service,
  waitForService,
  WaitExitError,
  type ServiceHandle,
  type ServiceState,
} from '@dt/supervise-protocol';
import { formatLabel, tai64nFromDate, tai64nToDate } from '@dt/tai64';
import { type PendingService, TreeAbortError, TreeExitError, TreeLockError, TreeTimeoutError, UnknownServiceError } from './errors.js';
import { hasExited, registerCleanup, signalProcess, sweepSession, sweepSessionSync, waitGoneSync } from './exit-cleanup.js';
import { Scanner, type ScannerOptions } from './scanner.js';
import type { ScannerEvents, ServiceFailingEvent } from './scanner-events.js';
import type { SupervisorExit } from './supervisor.js';

/** How long a service may take to go after TERM when the program exits, before KILL (ms). */
export const DEFAULT_KILL_AFTER_MS = 5000;

export interface TreeOptions extends Omit<ScannerOptions, 'dir' | 'processGroup' | 'ref'> {
  /** Milliseconds the fallback poll of waitAllReady waits between looks (default 250; fs.watch wakes it sooner). */
  pollInterval?: number;
  /**
   * The services' stdio: 'inherit' (this process's 0, 1, 2; the default), 'ignore' (/dev/null), or an fd
   * for their stdout and stderr (stdin /dev/null). `stdin`/`stdout`/`stderr` given one by one win.
   */
  stdio?: 'inherit' | 'ignore' | number;
  /**
   * Stop the tree when the program ends (default true, as execa's `cleanup`): in order at SIGINT, SIGTERM or
   * SIGHUP that nothing else listens for (then the program dies of that signal); at process.exit(), the end
   * of the event loop or an uncaught exception, services get TERM (KILL after `killAfter`), then loggers
   * read their pipes to EOF.
   */
  cleanup?: boolean;
  /** At exit: ms a service (then a logger) may take after TERM before KILL (default 5000). */
  killAfter?: number;
  /** Each ./run in a process group of its own, a new session (default true): Ctrl-C reaches the program only. */
  processGroup?: boolean;
  /** Keep the event loop alive while the tree runs (default false: a program whose work is done ends, and cleanup stops the tree). */
  keepAlive?: boolean;
}

/** One service of the tree: its handle, and its logger's when it has a log/ directory. */
export interface TreeService {
  name: string;
  dir: string;
  handle: ServiceHandle;
  log: ServiceHandle | undefined;
}

/** One supervised program as tree.list() sees it. */
export interface TreeProgramStatus {
  /** `web`, or `web/log`. */
  name: string;
  dir: string;
  supervised: boolean;
  up: boolean;
  ready: boolean;
  /** 0 when down. */
  pid: number;
  want: 'up' | 'down' | 'once' | undefined;
  paused: boolean;
  /** When the pid last changed (the status stamp). */
  since: Date | undefined;
  /** Starts after the first that this tree saw. */
  restarts: number;
  lastExit: SupervisorExit | undefined;
  /** Set while the service is failing (lock held, cannot start, crash loop); cleared by its next start. */
  failing: ServiceFailingEvent | undefined;
}

export interface TreeServiceStatus extends TreeProgramStatus {
  /** Its logger, when it has a log/ directory. */
  log: TreeProgramStatus | undefined;
}

export interface WaitAllOptions {
  /** Milliseconds; rejects with TreeTimeoutError listing who is not there yet. Default: forever. */
  timeout?: number;
  signal?: AbortSignal;
  /** Ms each service must have been ready (and each logger up) under the same pid (default 0). */
  minUptime?: number;
}

/** Why tree.failures() lists a service: restarted or exited since the last waitAllReady, or not up (describeState's words). */
export type FailureWhy = 'restarted' | 'exited' | 'down' | 'supervise not running' | 'no state read';

export interface TreeFailure {
  name: string;
  dir: string;
  why: FailureWhy;
}

/** A line of a service's log as data: its stamp as a Date (undefined for an unstamped line) and its text. */
export interface LogEntry {
  date: Date | undefined;
  text: string;
}

export interface TreeLogsOptions {
  /** A Date, a TAI64N label, a duration ago ('90s', '15m', '2h', '1d') or a date text; earlier stamped lines are skipped. */
  since?: Date | string;
  /** Keep reading `current` across rotations until `signal` aborts. */
  follow?: boolean;
  signal?: AbortSignal;
  pollInterval?: number;
}

export type TreeEvents = Omit<ScannerEvents, 'supervisor-done'>;

export interface Tree extends AsyncDisposable, EventEmitter<TreeEvents> {
  readonly dir: string;
  readonly scanner: Scanner;
  /** The scanner's diagnostics (`svscan: warning: ...`), most recent last (at most 100 kept). */
  readonly warnings: readonly string[];
  /** Every service the scanner supervises now, sorted by name. */
  services(): TreeService[];
  /** Every service's state (and its logger's) in one call, sorted by name. */
  list(): Promise<TreeServiceStatus[]>;
  /** The handle of one service; throws UnknownServiceError when the tree has no such service. */
  service(name: string): ServiceHandle;
  /**
   * Resolves when every service is ready (up, for those without notification-fd) and every logger is up,
   * each for `minUptime` ms; the states by name (loggers as `name/log`). Rejects with TreeLockError at once
   * when another supervisor holds a lock, TreeExitError when one exits meanwhile, TreeTimeoutError,
   * TreeAbortError (each listing what is pending).
   */
  waitAllReady(opts?: WaitAllOptions): Promise<Map<string, ServiceState>>;
  /**
   * The services that failed since waitAllReady last resolved: not up now, up under another pid
   * (restarted), or exited and not yet reaped. Before any waitAllReady: those not up.
   */
  failures(): Promise<TreeFailure[]>;
  /** The lines of a service's log directory (log/main by convention), oldest first. */
  logs(name: string, opts?: TreeLogsOptions): AsyncGenerator<LogEntry, void, undefined>;
  /** The orderly stop (loggers outlive their services); resolves when every supervisor is done. */
  stop(): Promise<void>;
}

const MAX_WARNINGS = 100;

function byName<T extends { name: string }>(a: T, b: T): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

/** Does a diagnostic line speak of the service directory `dir` (and not of `dir2`)? */
function mentions(line: string, dir: string): boolean {
  const at = line.indexOf(dir);
  if (at < 0) return false;
  const next = line[at + dir.length];
  return next === undefined || next === '/' || next === ':' || next === ',' || next === ' ';
}

function describeExit(e: { code: number | null; signal: string | null }): string {
  return e.signal !== null ? `signal ${e.signal}` : `code ${e.code}`;
}

/** The fds `stdio` asks for; `opened` gets those opened here (closed when the tree has stopped). */
function stdioFds(opts: TreeOptions, opened: number[]): { stdin?: number; stdout?: number; stderr?: number } {
  const { stdio = 'inherit' } = opts;
  if (stdio === 'inherit') return {};
  const nullIn = openSync('/dev/null', 'r');
  opened.push(nullIn);
  const out = stdio === 'ignore' ? openSync('/dev/null', 'w') : stdio;
  if (stdio === 'ignore') opened.push(out);
  return { stdin: nullIn, stdout: out, stderr: out };
}

class TreeImpl extends EventEmitter<TreeEvents> implements Tree {
  readonly warnings: string[] = [];
  /** Each service's pid when waitAllReady last resolved. */
  private readyPids = new Map<string, number>();
  private readonly lastExits = new Map<string, SupervisorExit>();
  private readonly restarts = new Map<string, number>();
  private readonly failing = new Map<string, ServiceFailingEvent>();
  private stopping: Promise<void> | undefined;
  private readonly sweeps: Promise<void>[] = [];
  private forget: () => void = () => undefined;

  constructor(
    readonly dir: string,
    readonly scanner: Scanner,
    private readonly opts: TreeOptions,
  ) {
    super();
    scanner.on('warning', (line) => {
      this.warnings.push(line);
      if (this.warnings.length > MAX_WARNINGS) this.warnings.shift();
      this.emit('warning', line);
    });
    scanner.on('start', (e) => {
      this.failing.delete(e.name);
      this.emit('start', e);
    });
    scanner.on('ready', (e) => this.emit('ready', e));
    scanner.on('exit', (e) => {
      this.lastExits.set(e.name, { pid: e.pid, code: e.code, signal: e.signal });
      // Stopping: whatever the service left in its session would hold its log pipe open (and outlive us).
      if (this.stopping && (this.opts.processGroup ?? true) && e.pid > 1 && e.pid !== process.pid) this.sweeps.push(sweepSession(e.pid, this.opts.killAfter ?? DEFAULT_KILL_AFTER_MS));
      this.emit('exit', e);
    });
    scanner.on('restart', (e) => {
      this.restarts.set(e.name, e.restarts);
      this.emit('restart', e);
    });
    scanner.on('failing', (e) => {
      this.failing.set(e.name, e);
      this.emit('failing', e);
    });
    scanner.on('stopped', () => this.emit('stopped'));
  }

  /** Stop this tree when the program ends. */
  watchExit(): void {
    const group = this.opts.processGroup ?? true;
    const killAfter = this.opts.killAfter ?? DEFAULT_KILL_AFTER_MS;
    const scanner = this.scanner;
    this.forget = registerCleanup({
      stop: () => this.stop(),
      forceStop: () => scanner.forceStop(),
      stopNow() {
        // No event loop is left: the orderly stop's steps, done synchronously. Services first...
        const infos = scanner.services();
        const ours = (p: number) => p > 1 && p !== process.pid; // a logger hosted in-process is not a child
        const pids = infos.map((i) => i.pid).filter(ours);
        for (const pid of pids) signalProcess(pid, 'SIGTERM', group);
        for (const pid of pids) signalProcess(pid, 'SIGCONT', group);
        if (!waitGoneSync(pids, killAfter)) for (const pid of pids) signalProcess(pid, 'SIGKILL', group);
        // what they left in their sessions (a child that caught the TERM between its fork and its exec)
        if (group) for (const pid of pids) sweepSessionSync(pid, killAfter);
        // ...then each logger reads its pipe to EOF and ends by itself.
        scanner.releaseLogPipes();
        // The log host is left out: once this program is gone (its channel closed), it logs to the end of
        // every pipe, which the services' end and the release above have made near, and exits by itself.
        const host = scanner.logHostPid;
        const logPids = infos.map((i) => i.logPid).filter((p) => ours(p) && p !== host);
        if (!waitGoneSync(logPids, killAfter)) {
          for (const pid of logPids) signalProcess(pid, 'SIGTERM', group);
          for (const pid of logPids) signalProcess(pid, 'SIGCONT', group);
          if (!waitGoneSync(logPids, killAfter)) for (const pid of logPids) signalProcess(pid, 'SIGKILL', group);
        }
        if (group) for (const pid of logPids) sweepSessionSync(pid, killAfter);
      },
    });
  }

  services(): TreeService[] {
    return [...this.scanner.services()].sort(byName).map((info) => {
      const sdir = join(this.dir, info.name);
      return { name: info.name, dir: sdir, handle: service(sdir), log: info.hasLog ? service(join(sdir, 'log')) : undefined };
    });
  }

  service(name: string): ServiceHandle {
    return this.find(name).handle;
  }

  private find(name: string): TreeService {
    const s = this.services().find((x) => x.name === name);
    if (!s) throw new UnknownServiceError(`${this.dir} has no service ${name}`);
    return s;
  }

  async list(): Promise<TreeServiceStatus[]> {
    const one = async (name: string, handle: ServiceHandle): Promise<TreeProgramStatus> => {
      const st = await handle.status().catch(() => undefined);
      const stamp = st?.status?.stamp;
      return {
        name,
        dir: handle.dir,
        supervised: st?.supervised ?? false,
        up: st?.up ?? false,
        ready: st?.ready ?? false,
        pid: st?.pid ?? 0,
        want: st?.supervised ? st.status?.want : undefined,
        paused: st?.up ? (st.status?.paused ?? false) : false,
        since: stamp ? tai64nToDate(stamp) : undefined,
        restarts: this.restarts.get(name) ?? 0,
        lastExit: this.lastExits.get(name),
        failing: this.failing.get(name),
      };
    };
    return Promise.all(
      this.services().map(async (s) => ({
        ...(await one(s.name, s.handle)),
        log: s.log ? await one(`${s.name}/log`, s.log) : undefined,
      })),
    );
  }

  private lastWarningAbout(dir: string): string | undefined {
    for (let i = this.warnings.length - 1; i >= 0; i--) if (mentions(this.warnings[i]!, dir)) return this.warnings[i];
    return undefined;
  }

  private async pendingOf(targets: { name: string; dir: string }[]): Promise<PendingService[]> {
    return Promise.all(
      targets.map(async (t) => ({
        name: t.name,
        dir: t.dir,
        state: await service(t.dir).status().catch(() => undefined),
        lastExit: this.lastExits.get(t.name),
        warning: this.failing.get(t.name)?.message ?? this.lastWarningAbout(t.dir),
      })),
    );
  }

  private static describePending(pending: PendingService[]): string {
    return pending
      .map((p) => {
        const exit = p.lastExit ? `, last exit ${describeExit(p.lastExit)}` : describeLastExit(p.state);
        return `${p.name}: ${describeState(p.state)}${exit}${p.warning ? ` (${p.warning})` : ''}`;
      })
      .join('; ');
  }

  async waitAllReady(wopts: WaitAllOptions = {}): Promise<Map<string, ServiceState>> {
    const targets = this.services().flatMap((s) => [
      { name: s.name, dir: s.dir, target: 'ready' as const },
      ...(s.log ? [{ name: `${s.name}/log`, dir: s.log.dir, target: 'up' as const }] : []),
    ]);
    const names = new Set(targets.map((t) => t.name));
    const states = new Map<string, ServiceState>();
    const pendingTargets = () => targets.filter((t) => !states.has(t.name));
    const lockError = (locked: string[]) =>
      new TreeLockError(
        `unable to acquire ${join(this.dir, locked[0]!)}/supervise/lock: temporary failure` +
          (locked.length > 1 ? ` (and ${locked.length - 1} more: ${locked.slice(1).join(', ')})` : ''),
        this.dir,
        locked,
      );
    // Not ours to supervise (another tree, svscan or supervise holds the lock): waiting would report theirs.
    const locked = [...this.failing.values()].filter((f) => f.reason === 'locked' && names.has(f.name)).map((f) => f.name);
    if (locked.length > 0) throw lockError(locked.sort());
    if (wopts.signal?.aborted) {
      throw new TreeAbortError(`aborted waiting for ${this.dir} to be ready`, this.dir, await this.pendingOf(targets), { cause: wopts.signal.reason });
    }

    const inner = new AbortController();
    let failure: (() => Promise<Error>) | undefined;
    const fail = (f: () => Promise<Error>) => {
      failure ??= f;
      inner.abort();
    };
    const onAbort = () =>
      fail(async () => {
        const pending = await this.pendingOf(pendingTargets());
        const what = TreeImpl.describePending(pending);
        return new TreeAbortError(`aborted waiting for ${this.dir} to be ready: ${what}`, this.dir, pending, { cause: wopts.signal!.reason });
      });
    const onTimeout = () =>
      fail(async () => {
        const pending = await this.pendingOf(pendingTargets());
        const what = TreeImpl.describePending(pending);
        return new TreeTimeoutError(`timed out after ${wopts.timeout} ms waiting for ${this.dir} to be ready: ${what}`, this.dir, pending);
      });
    const onExited = (name: string, how: string) =>
      fail(async () => {
        const pending = await this.pendingOf(pendingTargets());
        return new TreeExitError(`${name} exited (${how}) while waiting for ${this.dir} to be ready`, this.dir, name, pending);
      });
    const onExit: (...a: TreeEvents['exit']) => void = (e) => {
      if (names.has(e.name)) onExited(e.name, describeExit(e));
    };
    const onFailing: (...a: TreeEvents['failing']) => void = (e) => {
      if (e.reason === 'locked' && names.has(e.name)) fail(async () => lockError([e.name]));
    };
    this.scanner.on('exit', onExit);
    this.scanner.on('failing', onFailing);
    wopts.signal?.addEventListener('abort', onAbort, { once: true });
    const timer =
      wopts.timeout !== undefined && Number.isFinite(wopts.timeout) ? setTimeout(onTimeout, Math.max(0, wopts.timeout)) : undefined;
    try {
      await Promise.all(
        targets.map(async (t) => {
          const st = await waitForService(t.dir, t.target, {
            signal: inner.signal,
            pollInterval: this.opts.pollInterval,
            minUptime: wopts.minUptime ?? 0,
            rejectOnExit: true,
          }).catch((e: unknown) => {
            if (e instanceof WaitExitError) onExited(t.name, `pid ${e.pid}`);
            throw e;
          });
          states.set(t.name, st);
        }),
      );
      this.readyPids = new Map([...states].map(([name, st]) => [name, st.pid]));
      return states;
    } catch (e) {
      inner.abort();
      if (failure) throw await failure();
      throw e;
    } finally {
      if (timer) clearTimeout(timer);
      wopts.signal?.removeEventListener('abort', onAbort);
      this.scanner.off('exit', onExit);
      this.scanner.off('failing', onFailing);
    }
  }

  async failures(): Promise<TreeFailure[]> {
    const out: TreeFailure[] = [];
    for (const s of this.services()) {
      const st = await s.handle.status().catch(() => undefined);
      const was = this.readyPids.get(s.name);
      if (!st?.up) out.push({ name: s.name, dir: s.dir, why: describeState(st) as FailureWhy });
      else if (was !== undefined && was !== st.pid) out.push({ name: s.name, dir: s.dir, why: 'restarted' });
      else if (this.hasExitedSince(s.name, st.pid)) out.push({ name: s.name, dir: s.dir, why: 'exited' });
    }
    return out;
  }

  /** The up pid has exited (its supervisor has not reaped it yet): the tree saw its exit event, or /proc says so. */
  private hasExitedSince(name: string, pid: number): boolean {
    return this.lastExits.get(name)?.pid === pid || hasExited(pid);
  }

  async *logs(name: string, opts: TreeLogsOptions = {}): AsyncGenerator<LogEntry, void, undefined> {
    const s = this.find(name);
    const logDir = findLogDir(s.dir);
    if (logDir === undefined) return;
    let since: string | undefined;
    if (opts.since instanceof Date) since = formatLabel(tai64nFromDate(opts.since));
    else if (opts.since !== undefined) {
      since = sinceLabel(opts.since);
      if (since === undefined) throw new RangeError(`not a time: ${opts.since}`);
    }
    for await (const line of readLogs(logDir, { since, follow: opts.follow, signal: opts.signal, pollInterval: opts.pollInterval })) {
      const label = lineLabel(line);
      const end = line[line.length - 1] === 0x0a ? line.length - 1 : line.length;
      // multilog's `t` writes the label and one space before the text
      yield label ? { date: tai64nToDate(label), text: line.toString('utf8', label.length + 1, end) } : { date: undefined, text: line.toString('utf8', 0, end) };
    }
  }

  stop(): Promise<void> {
    if (this.stopping) return this.stopping;
    // The supervisors hold no reference on the event loop (keepAlive false): a program awaiting its
    // stop must not end half way, so the stop holds one until it is done.
    const hold = setInterval(() => undefined, 1 << 30);
    this.stopping = this.scanner
      .stop()
      .then(() => Promise.all(this.sweeps))
      .then(() => undefined)
      .finally(() => {
        clearInterval(hold);
        this.forget();
      });
    return this.stopping;
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.stop();
  }
}

/** Starts a Scanner on `dir` (every supervisor started) and returns the tree. Prints nothing. */
export async function startTree(dir: string, opts: TreeOptions = {}): Promise<Tree> {
  const { pollInterval: _p, stdio: _s, cleanup = true, killAfter: _k, processGroup = true, keepAlive = false, ...scannerOpts } = opts;
  const opened: number[] = [];
  // Loggers hosted as under svscan (decision 0005): the log host runs in a session of its own, so a Ctrl-C
  // reaches the program only, and the orderly stop drains every logger.
  const scanner = new Scanner({ ...stdioFds(opts, opened), ...scannerOpts, dir, processGroup, ref: keepAlive });
  scanner.once('stopped', () => opened.forEach((fd) => closeSync(fd)));
  const tree = new TreeImpl(dir, scanner, opts);
  if (cleanup) tree.watchExit(); // before the first service starts: an exit meanwhile stops what did
  try {
    await scanner.start();
  } catch (e) {
    void tree.stop();
    opened.forEach((fd) => closeSync(fd));
    throw e;
  }
  return tree;
}
