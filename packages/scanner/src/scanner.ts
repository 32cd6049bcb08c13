// svscan (daemontools 0.76 svscan.c) in one Node process: one Supervisor object per service and per
// logger instead of one supervise process each. Scans every 5 seconds as 0.76 does, and also at once
// (debounced) when the directory changes, so a new service starts within milliseconds. No 1000-service cap.
// Adds the seed's two patches: SCANDIR/.svscan/log takes the scanner's own output, and stop() is the
// orderly stop (shutdown scripts, loggers told -ox, services -dx, loggers drain to EOF).
import { EventEmitter } from 'node:events';
import { type FSWatcher, existsSync, statSync, watch } from 'node:fs';
import { join, relative } from 'node:path';
import { errnoCode, errnoText } from '@dt/posix';
import { LogPipe } from './log-pipe.js';
import { type OrphanReaper, startOrphanReaper } from './orphan-reaper.js';
import { LogHost, type LogHostOptions } from './log-host.js';
import { type Launch, loggerLaunch } from './log-launch.js';
import { runShutdownScript } from './scan-shutdown.js';
import { runStopSequence } from './stop-sequence.js';
import { SCAN_ERROR_CODES, ScanError, SUPERVISE_ERROR_CODES } from './errors.js';
import { ManagedSupervisor, ScanEntry, type SupervisorFactory, type SupervisorSpec } from './scan-entry.js';
import { detectLog, scanDirectory } from './scan.js';
import { SVSCAN_LOG_DIR, SvscanLog } from './svscan-log.js';
import { DEFAULT_KILL_TIMEOUT_MS, Supervisor } from './supervisor.js';
import { startRun } from './child.js';
import { observeSupervisor, type ScannerEvents } from './scanner-events.js';
import { chdirFailure } from './service-dir.js';

/** svscan.c main(): `doit(); sleep(5);` */
export const RESCAN_INTERVAL_MS = 5000;

export interface ScannerOptions {
  /** The scan directory (svscan's argument; the CLI chdirs into it and passes '.', so names print as 0.76's). */
  dir: string;
  /**
   * Every diagnostic line (no newline), in daemontools' form: `svscan: warning: unable to stat x: ...`,
   * `supervise: fatal: unable to acquire x/supervise/lock: temporary failure`. When SCANDIR/.svscan/log
   * exists they go into that logger instead.
   */
  onWarning?(line: string): void;
  /** Periodic rescan, ms (default 5000, as 0.76). */
  rescanMs?: number;
  /** React to changes of the scan directory at once (fs.watch; default true). */
  watch?: boolean;
  /** How long to gather directory events before a scan, ms (default 10). */
  debounceMs?: number;
  /** How long a service's `shutdown` script may run during stop(), ms (default 10000). */
  shutdownTimeoutMs?: number;
  /**
   * During stop(), how long a logger may wait for EOF once its service is down, ms (default 10000). Past
   * it, someone else (a process the service left behind) still holds the pipe open: the logger, which
   * has read everything the service wrote meanwhile, is told `d`.
   */
  drainTimeoutMs?: number;
  /** The fds every supervised program inherits as svscan's own (default 0, 1, 2). */
  stdin?: number;
  stdout?: number;
  stderr?: number;
  /** Honour SCANDIR/.svscan/log (default true). */
  selfLog?: boolean;
  /**
   * Run each logger whose log/run is `exec multilog ARGS` in one shared log host process instead of a
   * process of its own (default true; decision 0005, opt out per logger with log/dt-no-host).
   */
  hostLoggers?: boolean | LogHostOptions;
  /** How supervisors are made (default: new Supervisor(spec)). */
  createSupervisor?: SupervisorFactory;
  /** Each ./run in a process group of its own, a new session (default false, as svscan; startTree: true). */
  processGroup?: boolean;
  /** Keep the event loop alive while scanning and supervising (default true, as svscan). */
  ref?: boolean;
  /**
   * The orderly stop and orphans of a dead svscan: TERM to KILL where DIR/timeout-kill does not say, ms
   * (default 10000).
   */
  killTimeoutMs?: number;
  /**
   * Reap every orphan re-parented to this process (no zombies): default true as PID 1 (a container's or a
   * PID namespace's init). When not PID 1, true also makes this process a child subreaper.
   */
  reapOrphans?: boolean;
}

/** One service as the scanner sees it. */
export interface ScanServiceInfo {
  name: string;
  /** `${dev}:${ino}` of the directory. */
  key: string;
  /** Seen in the latest scan (false: the directory was removed, its supervisor still runs as in 0.76). */
  active: boolean;
  hasLog: boolean;
  /** A supervisor is in charge of the service / of its logger. */
  supervised: boolean;
  logSupervised: boolean;
  /** The service's pid (0 when down or not supervised); the logger's likewise. */
  pid: number;
  logPid: number;
}

type State = 'new' | 'running' | 'stopping' | 'stopped';

/** The default supervisor: ./run started as a process group leader (new session) when asked. */
function defaultSupervisor(spec: SupervisorSpec): Supervisor {
  const { processGroup, ...opts } = spec;
  if (!processGroup) return new Supervisor(opts);
  // a logger's launch (hosted, or a process when it cannot be) gets the group too: its process form must
  // have a session of its own (the host always has one)
  const launch = opts.launch ?? startRun;
  return new Supervisor({ ...opts, launch: (o, started, failed) => launch({ ...o, processGroup: true }, started, failed) });
}

export class Scanner extends EventEmitter<ScannerEvents> {
  readonly dir: string;
  private readonly opts: Required<Omit<ScannerOptions, 'onWarning' | 'createSupervisor' | 'hostLoggers'>>;
  private readonly logHost: LogHost | undefined;
  private readonly loggerLaunch: Launch | undefined;
  /** Diagnostics hooks of the supervisors, by directory (crash-loop and start-failure detection). */
  private readonly observers = new Map<string, (line: string) => void>();
  private readonly onWarning: ((line: string) => void) | undefined;
  private readonly createSupervisor: SupervisorFactory;
  private readonly entries = new Map<string, ScanEntry>();
  private svscanLog: SvscanLog | undefined;
  private state: State = 'new';
  private timer: NodeJS.Timeout | undefined;
  private debounce: NodeJS.Timeout | undefined;
  private watcher: FSWatcher | undefined;
  private scanning: Promise<void> | undefined;
  private rescanWanted = false;
  /** The next scan is a full one (start-up, periodic, asked for), not only a reaction to a change. */
  private fullWanted = true;
  private stopping: Promise<void> | undefined;
  private forced = false;
  private reaper: OrphanReaper | undefined;

  constructor(options: ScannerOptions) {
    super();
    this.dir = options.dir;
    this.onWarning = options.onWarning;
    this.createSupervisor = options.createSupervisor ?? defaultSupervisor;
    const hosting = options.hostLoggers ?? true;
    if (hosting !== false) {
      this.logHost = new LogHost(hosting === true ? {} : hosting);
      this.loggerLaunch = loggerLaunch(this.logHost);
    }
    this.opts = {
      dir: options.dir,
      rescanMs: options.rescanMs ?? RESCAN_INTERVAL_MS,
      watch: options.watch ?? true,
      debounceMs: options.debounceMs ?? 10,
      shutdownTimeoutMs: options.shutdownTimeoutMs ?? 10_000,
      drainTimeoutMs: options.drainTimeoutMs ?? 10_000,
      stdin: options.stdin ?? 0,
      stdout: options.stdout ?? 1,
      stderr: options.stderr ?? 2,
      selfLog: options.selfLog ?? true,
      processGroup: options.processGroup ?? false,
      ref: options.ref ?? true,
      killTimeoutMs: options.killTimeoutMs ?? DEFAULT_KILL_TIMEOUT_MS,
      reapOrphans: options.reapOrphans ?? process.pid === 1,
    };
  }

  /** First scan (every supervisor started), then the periodic and on-change rescans. */
  async start(): Promise<void> {
    if (this.state !== 'new') throw new ScanError(SCAN_ERROR_CODES.state, 'scanner already started');
    const cause = chdirFailure(this.dir);
    if (cause !== undefined) {
      throw new ScanError(SCAN_ERROR_CODES.dir, `unable to chdir to ${this.dir}: ${errnoText(cause)}`, { cause });
    }
    this.state = 'running';
    if (this.opts.reapOrphans) this.reaper = startOrphanReaper();
    if (this.opts.watch) this.startWatching();
    await this.scan();
  }

  /** Scan now (after any scan in progress); resolves when the scan has started every supervisor it found missing. */
  scan(): Promise<void> {
    this.fullWanted = true;
    return this.requestScan();
  }

  private requestScan(): Promise<void> {
    if (this.state !== 'running') return Promise.resolve();
    if (this.scanning) {
      this.rescanWanted = true;
      return this.scanning;
    }
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.scanning = this.scanLoop().finally(() => {
      this.scanning = undefined;
      if (this.state !== 'running') return;
      this.timer = setTimeout(() => void this.scan(), this.opts.rescanMs);
      if (!this.opts.ref) this.timer.unref();
    });
    return this.scanning;
  }

  /** What the scanner supervises now. */
  services(): ScanServiceInfo[] {
    return [...this.entries.values()].map((e) => ({
      name: e.name,
      key: e.key,
      active: e.active,
      hasLog: e.hasLog,
      supervised: e.service !== undefined,
      logSupervised: e.logger !== undefined,
      pid: e.service?.supervisor.pid ?? 0,
      logPid: e.logger?.supervisor.pid ?? 0,
    }));
  }

  /**
   * The orderly stop (seed svscan.rc order): scanning stops; each service's executable `shutdown` script
   * runs (bounded by shutdownTimeoutMs); loggers are told `ox` (no restart, exit when down), services
   * `dx`; once every service is down the scanner closes its write ends so the loggers read their pipe to
   * EOF and exit. Resolves when every supervisor is done. Calling it again returns the same promise.
   */
  stop(): Promise<void> {
    this.stopping ??= this.orderlyStop();
    return this.stopping;
  }

  /**
   * Close the scanner's write ends of the service-to-logger pipes (and of .svscan/log's), so each logger
   * reads what is left and sees EOF once its service is gone. For a stop that cannot wait (process exit).
   */
  /** The log host's pid (the pid of every hosted logger), 0 when none runs. */
  get logHostPid(): number {
    return this.logHost?.pid ?? 0;
  }

  releaseLogPipes(): void {
    for (const e of this.entries.values()) e.pipe?.closeWrite();
    this.svscanLog?.pipe.closeWrite();
  }

  /** A second stop request: kill what still runs (services, then loggers still draining). */
  forceStop(): void {
    this.forced = true;
    for (const e of this.entries.values()) e.service?.control('k');
    if (this.allServicesDone()) this.killLoggers();
  }

  private allServicesDone(): boolean {
    for (const e of this.entries.values()) if (e.service && !e.service.finished) return false;
    return true;
  }

  private killLoggers(): void {
    for (const e of this.entries.values()) e.logger?.control('dk');
    this.svscanLog?.logger?.control('dk');
  }

  private async orderlyStop(): Promise<void> {
    if (this.state === 'new') {
      this.state = 'stopped';
      return;
    }
    this.state = 'stopping';
    if (this.timer) clearTimeout(this.timer);
    if (this.debounce) clearTimeout(this.debounce);
    this.watcher?.close();
    this.timer = this.debounce = this.watcher = undefined;
    await this.scanning;

    const entries = [...this.entries.values()];
    const svscanLog = this.svscanLog;
    await runStopSequence<ScanEntry, ScanEntry | SvscanLog>({
      services: entries,
      // svscan's own logger is told `ox` with the others but drains last, so it records everything.
      loggers: svscanLog ? [...entries, svscanLog] : entries,
      runShutdown: async (e) => {
        if (!e.service || e.service.finished) return;
        await runShutdownScript(join(this.dir, e.name), {
          stdout: e.pipe?.writeFd ?? this.opts.stdout,
          stderr: this.childStderr(),
          timeoutMs: this.opts.shutdownTimeoutMs,
          onWarning: (text) => this.warn(text),
        });
      },
      // A logger whose supervisor had ended (svc -x) and waited for the next scan is started again to drain its pipe.
      startLoggers: async () => {
        await Promise.all(entries.filter((e) => e.pipe && !e.logger).map((e) => this.startLogger(e)));
      },
      controlLogger: (l, letters) => l.logger?.control(letters),
      // dx, escalating to KILL after the kill timeout (never waiting forever)
      controlService: (e) => e.service?.terminate(),
      servicesGone: async () => {
        if (this.forced) for (const e of entries) e.service?.control('k');
        await Promise.all(entries.map((e) => e.service?.done));
      },
      loggersGone: () => this.drainLoggers(entries),
    });
    this.reaper?.stop();
    this.state = 'stopped';
    this.emit('stopped');
  }

  /** The orderly stop's last step in-process: close the scanner's write ends so each logger reads what is
   *  left, sees EOF and exits (TERM after drainTimeoutMs); svscan's own logger last. */
  private async drainLoggers(entries: ScanEntry[]): Promise<void> {
    for (const e of entries) e.pipe?.closeWrite();
    if (this.forced) this.killLoggers();
    const drained = setTimeout(() => {
      for (const e of entries) {
        if (!e.logger || e.logger.finished) continue;
        this.warn(`${e.name}/log: input still open ${this.opts.drainTimeoutMs} ms after ${e.name} stopped, sending TERM`);
        e.logger.control('d');
      }
    }, this.opts.drainTimeoutMs);
    await Promise.all(entries.map((e) => e.logger?.done));
    clearTimeout(drained);
    for (const e of entries) e.pipe?.close();
    this.entries.clear();
    if (this.svscanLog) {
      const log = this.svscanLog;
      await log.end();
      // the services' stderr is this pipe too: a process one left behind may hold it (warned into it no more)
      const drainedSelf = setTimeout(() => log.logger?.control('d'), this.opts.drainTimeoutMs);
      await log.logger?.done;
      clearTimeout(drainedSelf);
      this.svscanLog.close();
      this.svscanLog = undefined;
    }
    await this.logHost?.close();
  }

  private async scanLoop(): Promise<void> {
    do {
      this.rescanWanted = false;
      const full = this.fullWanted;
      this.fullWanted = false;
      try {
        await this.scanOnce(full);
      } catch (e) {
        // no crash spreads: a scan that failed (no fd left, a directory vanishing under it) is a warning,
        // and the next scan (5 s) tries again
        this.warn(`scan failed: ${e instanceof Error && errnoCode(e) !== undefined ? errnoText(e) : String(e)}`);
      }
    } while (this.rescanWanted && this.state === 'running');
  }

  /**
   * One svscan.c doit(). A scan that only reacts to a change of the directory (`full` false) leaves a new
   * directory that has no `run` yet to the next full scan: it is being built in place (mkdir, then run,
   * then log), and 0.76 would have given it up to 5 seconds too before looking for its `log`. A directory
   * renamed or linked in whole starts at once.
   */
  private async scanOnce(full: boolean): Promise<void> {
    const starts: Promise<void>[] = [];
    if (this.opts.selfLog) this.ensureSvscanLog(starts);
    const pass = scanDirectory(this.dir);
    for (const w of pass.warnings) this.warn(w);
    if (!pass.complete) {
      // svscan.c returns before clearing flagactive: an unreadable directory says nothing about its services
      await Promise.all(starts);
      return;
    }
    for (const e of this.entries.values()) e.active = false;
    for (const { name, key } of pass.items) {
      let entry = this.entries.get(key);
      if (!entry) {
        if (!full && !existsSync(join(this.dir, name, 'run'))) continue;
        const log = detectLog(this.dir, name);
        if ('warning' in log) {
          this.warn(log.warning);
          continue;
        }
        let pipe: LogPipe | undefined;
        if (log.hasLog) {
          try {
            pipe = new LogPipe();
          } catch (e) {
            this.warn(`unable to create pipe for ${name}: ${errnoText(e)}`);
            continue;
          }
        }
        entry = new ScanEntry(name, key, pipe);
        this.entries.set(key, entry);
      }
      entry.name = name;
      entry.active = true;
      if (!entry.service) starts.push(this.startService(entry));
      if (entry.pipe && !entry.logger) starts.push(this.startLogger(entry));
    }
    await Promise.all(starts);
    // Prune (svscan.c doit): gone from the directory and nothing running for it any more.
    for (const [key, e] of this.entries) {
      if (!e.active && e.idle) {
        e.pipe?.close();
        this.entries.delete(key);
      }
    }
  }

  private startService(entry: ScanEntry): Promise<void> {
    const dir = join(this.dir, entry.name);
    return this.launch(dir, this.opts.stdin, entry.pipe?.writeFd ?? this.opts.stdout, this.childStderr(), 0, (m) => {
      entry.service = m;
      return () => {
        if (entry.service === m) entry.service = undefined;
      };
    });
  }

  private startLogger(entry: ScanEntry): Promise<void> {
    const dir = join(this.dir, entry.name, 'log');
    return this.launch(
      dir,
      entry.pipe!.readFd,
      this.opts.stdout,
      this.childStderr(),
      this.loggerDrainMs(),
      (m) => {
        entry.logger = m;
        return () => {
          if (entry.logger === m) entry.logger = undefined;
        };
      },
      this.loggerLaunch,
    );
  }

  /** Make and start one supervisor; `attach` records it and returns how to forget it. */
  private async launch(
    dir: string,
    stdin: number,
    stdout: number,
    stderr: number,
    orphanDrainMs: number,
    attach: (m: ManagedSupervisor) => () => void,
    launch?: Launch,
  ): Promise<void> {
    let m: ManagedSupervisor;
    try {
      m = new ManagedSupervisor(
        this.createSupervisor({
          dir,
          stdin,
          stdout,
          stderr,
          onWarning: (line) => {
            this.observers.get(dir)?.(line);
            this.diag(line);
          },
          processGroup: this.opts.processGroup,
          ref: this.opts.ref,
          killTimeoutMs: this.opts.killTimeoutMs,
          orphanDrainMs,
          ...(launch ? { launch } : {}),
        }),
      );
    } catch (e) {
      this.warn(`unable to start supervise ${dir}: ${errnoText(e)}`);
      return;
    }
    const name = relative(this.dir, dir);
    const observer = observeSupervisor(m.supervisor, name, dir, (event, ...args) => (this.emit as (e: string, ...a: unknown[]) => boolean)(event, ...args));
    this.observers.set(dir, observer);
    const detach = attach(m);
    // a directory removed for good leaves nothing behind: its observer goes with its supervisor
    const forget = () => {
      detach();
      if (this.observers.get(dir) === observer) this.observers.delete(dir);
    };
    void m.done.then(() => {
      forget();
      this.emit('supervisor-done', dir);
    });
    try {
      await m.supervisor.start();
    } catch (e) {
      // As the supervise child of 0.76 would print it; svscan tries again at the next scan.
      forget();
      m.finished = true;
      const line = `supervise: fatal: ${e instanceof Error ? e.message : String(e)}`;
      this.diag(line);
      const reason = (e as { code?: unknown }).code === SUPERVISE_ERROR_CODES.lock ? 'locked' : 'supervise';
      this.emit('failing', { name, dir, reason, message: line });
    }
  }

  /** SCANDIR/.svscan/log: (re)start its logger when the directory is there. */
  private ensureSvscanLog(starts: Promise<void>[]): void {
    const logDir = join(this.dir, SVSCAN_LOG_DIR);
    if (this.svscanLog?.logger) return;
    try {
      statSync(logDir);
    } catch {
      return;
    }
    if (!this.svscanLog) {
      try {
        this.svscanLog = new SvscanLog();
      } catch (e) {
        this.warn(`unable to create pipe for ${SVSCAN_LOG_DIR}: ${errnoText(e)}`);
        return;
      }
    }
    const log = this.svscanLog;
    starts.push(
      // its stderr is svscan's own: were it the pipe, the logger would hold its own input open forever
      this.launch(logDir, log.pipe.readFd, this.opts.stdout, this.opts.stderr, this.loggerDrainMs(), (m) => {
        log.logger = m;
        return () => {
          if (log.logger === m) log.logger = undefined;
        };
      }),
    );
  }

  /**
   * Loggers first, so no line is lost: a logger left running by a dead svscan reads its old pipe until
   * the orphaned service (stopped meanwhile, KILL at worst after the kill timeout) is gone and the pipe
   * says EOF; only past this does it get TERM.
   */
  private loggerDrainMs(): number {
    return this.opts.killTimeoutMs + this.opts.drainTimeoutMs;
  }

  /** What supervised programs get as stderr: svscan's, or the .svscan/log pipe when it is in use. */
  private childStderr(): number {
    const w = this.svscanLog?.pipe.writeFd;
    return w !== undefined && w >= 0 ? w : this.opts.stderr;
  }

  private warn(text: string): void {
    this.diag(`svscan: warning: ${text}`);
  }

  private diag(line: string): void {
    this.emit('warning', line);
    if (this.svscanLog) this.svscanLog.write(`${line}\n`);
    else this.onWarning?.(line);
  }

  private startWatching(): void {
    try {
      this.watcher = watch(this.dir, { persistent: false }, () => this.scanSoon());
      this.watcher.on('error', () => {
        // The directory went away or inotify gave up: the periodic scan carries on alone.
        this.watcher?.close();
        this.watcher = undefined;
      });
    } catch {
      this.watcher = undefined;
    }
  }

  private scanSoon(): void {
    if (this.state !== 'running' || this.debounce) return;
    this.debounce = setTimeout(() => {
      this.debounce = undefined;
      void this.requestScan();
    }, this.opts.debounceMs);
  }
}
