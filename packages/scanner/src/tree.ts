// A whole scan directory from Node: start it in this process (a Scanner, i.e. svscan plus one supervisor
// per service), get a handle per service, wait until every service is ready, stop it in order.
// `await using tree = await startTree(dir)` stops it when the block ends, even on a throw.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  describeState,
  service,
  waitForService,
  WaitAbortError,
  type ServiceHandle,
  type ServiceState,
} from '@dt/supervise-protocol';
import { TreeTimeoutError, UnknownServiceError } from './errors.js';
import { Scanner, type ScannerOptions } from './scanner.js';

export interface TreeOptions extends Omit<ScannerOptions, 'dir'> {
  /** Milliseconds the fallback poll of waitAllReady waits between looks (default 250; fs.watch wakes it sooner). */
  pollInterval?: number;
}

/** One service of the tree: its handle, and its logger's when it has a log/ directory. */
export interface TreeService {
  name: string;
  dir: string;
  handle: ServiceHandle;
  log: ServiceHandle | undefined;
}

export interface WaitAllOptions {
  /** Milliseconds; rejects with TreeTimeoutError listing who is not there yet. Default: forever. */
  timeout?: number;
  signal?: AbortSignal;
}

export interface Tree extends AsyncDisposable {
  readonly dir: string;
  readonly scanner: Scanner;
  /** The scanner's diagnostics (`svscan: warning: ...`), most recent last (at most 100 kept). */
  readonly warnings: readonly string[];
  /** Every service the scanner supervises now, sorted by name. */
  services(): TreeService[];
  /** The handle of one service; throws when the tree has no such service. */
  service(name: string): ServiceHandle;
  /**
   * Resolves when every service is ready (up, for those without notification-fd) and every logger is up;
   * the states by name (loggers as `name/log`). TreeTimeoutError, WaitAbortError.
   */
  waitAllReady(opts?: WaitAllOptions): Promise<Map<string, ServiceState>>;
  /**
   * The services that failed since waitAllReady last resolved: not up now, up under another pid
   * (restarted), or exited and not yet reaped. Before any waitAllReady: those not up.
   */
  failures(): Promise<TreeFailure[]>;
  /** The orderly stop (loggers outlive their services); resolves when every supervisor is done. */
  stop(): Promise<void>;
}

export interface TreeFailure {
  name: string;
  dir: string;
  /** 'restarted', 'exited', or the state in words ('down', 'supervise not running'). */
  why: string;
}

/** The process is gone, or a zombie its supervisor has not reaped yet (Linux /proc; elsewhere kill 0). */
function hasExited(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    const end = stat.lastIndexOf(')'); // the state letter follows the command name in parentheses
    return stat.slice(end + 2, end + 3) === 'Z';
  } catch {
    try {
      process.kill(pid, 0);
      return false;
    } catch (e) {
      return (e as NodeJS.ErrnoException).code === 'ESRCH';
    }
  }
}

const MAX_WARNINGS = 100;

/** Starts a Scanner on `dir` (every supervisor started) and returns the tree. Prints nothing. */
export async function startTree(dir: string, opts: TreeOptions = {}): Promise<Tree> {
  const { pollInterval, onWarning, ...scannerOpts } = opts;
  const warnings: string[] = [];
  const scanner = new Scanner({
    // services started by the dt API get a process group of their own (DIR/dt-process-group 0 says no)
    processGroup: true,
    ...scannerOpts,
    dir,
    onWarning(line) {
      warnings.push(line);
      if (warnings.length > MAX_WARNINGS) warnings.shift();
      onWarning?.(line);
    },
  });
  await scanner.start();

  /** Each service's pid when waitAllReady last resolved. */
  let readyPids = new Map<string, number>();

  const services = (): TreeService[] =>
    [...scanner.services()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)).map((info) => {
      const sdir = join(dir, info.name);
      return { name: info.name, dir: sdir, handle: service(sdir), log: info.hasLog ? service(join(sdir, 'log')) : undefined };
    });

  const waitAllReady = async (wopts: WaitAllOptions = {}): Promise<Map<string, ServiceState>> => {
    const inner = new AbortController();
    const onAbort = () => inner.abort(wopts.signal!.reason);
    if (wopts.signal?.aborted) throw new WaitAbortError(`aborted waiting for ${dir}`, { cause: wopts.signal.reason });
    wopts.signal?.addEventListener('abort', onAbort, { once: true });
    const targets = services().flatMap((s) => [
      { name: s.name, dir: s.dir, target: 'ready' as const },
      ...(s.log ? [{ name: `${s.name}/log`, dir: s.log.dir, target: 'up' as const }] : []),
    ]);
    const states = new Map<string, ServiceState>();
    let timedOut = false;
    const timer =
      wopts.timeout !== undefined && Number.isFinite(wopts.timeout)
        ? setTimeout(() => {
            timedOut = true;
            inner.abort();
          }, Math.max(0, wopts.timeout))
        : undefined;
    try {
      await Promise.all(
        targets.map(async (t) => {
          states.set(t.name, await waitForService(t.dir, t.target, { signal: inner.signal, pollInterval }));
        }),
      );
      readyPids = new Map([...states].map(([name, st]) => [name, st.pid]));
      return states;
    } catch (e) {
      inner.abort();
      if (!timedOut) throw e;
      const pending = await Promise.all(
        targets
          .filter((t) => !states.has(t.name))
          .map(async (t) => ({ name: t.name, state: await service(t.dir).status().catch(() => undefined) })),
      );
      const what = pending.map((p) => `${p.name}: ${describeState(p.state)}`).join('; ');
      throw new TreeTimeoutError(`timed out after ${wopts.timeout} ms waiting for ${dir} to be ready: ${what}`, dir, pending);
    } finally {
      if (timer) clearTimeout(timer);
      wopts.signal?.removeEventListener('abort', onAbort);
    }
  };

  const failures = async (): Promise<TreeFailure[]> => {
    const out: TreeFailure[] = [];
    for (const s of services()) {
      const st = await s.handle.status().catch(() => undefined);
      const was = readyPids.get(s.name);
      if (!st?.up) out.push({ name: s.name, dir: s.dir, why: describeState(st) });
      else if (was !== undefined && was !== st.pid) out.push({ name: s.name, dir: s.dir, why: 'restarted' });
      else if (hasExited(st.pid)) out.push({ name: s.name, dir: s.dir, why: 'exited' });
    }
    return out;
  };

  const stop = () => scanner.stop();
  return {
    dir,
    scanner,
    warnings,
    services,
    service(name) {
      const s = services().find((x) => x.name === name);
      if (!s) throw new UnknownServiceError(`${dir} has no service ${name}`);
      return s.handle;
    },
    waitAllReady,
    failures,
    stop,
    [Symbol.asyncDispose]: stop,
  };
}
