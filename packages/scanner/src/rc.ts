// The seed's svscan.rc over any scan directory: `start` clears leftovers (svc -dx on every service and
// logger, as svscanboot does) and starts an svscan there; `stop` ends the svscan first (0.76 svscan would
// restart every supervise that exits), then stops the tree in order through the control protocol
// (orderly-stop.ts). Works on our svscan (which stops the tree itself on TERM) and on the real one
// (which just dies on TERM, leaving its supervise processes to the control protocol).
import { spawn } from 'node:child_process';
import { closeSync, openSync, readdirSync, readFileSync, readlinkSync, realpathSync } from 'node:fs';
import { basename, join } from 'node:path';
import { errnoCode } from '@dt/posix';
import { SCAN_ERROR_CODES, ScanError } from './errors.js';
import { isRunning, serviceDirsOf, stopTree, type TreeStopOptions, type TreeStopReport } from './orderly-stop.js';
import { SVSCAN_LOG_DIR } from './svscan-log.js';

/** Where 0.76 svscanboot scans. */
export const DEFAULT_SCAN_DIR = '/service';

/** True when argv (from /proc/PID/cmdline) is an svscan: the C program, or ours run by node directly or through dt. */
export function isSvscanCommand(argv: string[]): boolean {
  // node's own options (svscan re-execs node with lean V8 flags) come before the script
  const rest = argv.slice(1);
  const firstArg = rest.findIndex((a) => !a.startsWith('-'));
  const [a0 = '', a1 = '', a2 = ''] = [argv[0] ?? '', ...(firstArg < 0 ? [] : rest.slice(firstArg))];
  if (basename(a0) === 'svscan') return true;
  if (/\/svscan(\.js)?$/.test(a1)) return true; // dist/bin/svscan.js, or node_modules/.bin/svscan
  return /\/dt(\.js)?$/.test(a1) && a2 === 'svscan';
}

/** The pids of every svscan whose current directory is scanDir (svscan chdirs into its directory). */
export function findScanners(scanDir: string): number[] {
  const want = realpathSync(scanDir);
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    if (pid === process.pid) continue;
    try {
      if (readlinkSync(`/proc/${pid}/cwd`) !== want) continue;
      const argv = readFileSync(`/proc/${pid}/cmdline`, 'latin1').split('\0');
      if (isSvscanCommand(argv)) pids.push(pid);
    } catch {
      // gone, or not ours to look at
    }
  }
  return pids;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return errnoCode(e) === 'EPERM';
  }
}

async function until(cond: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  while (!cond()) {
    if (performance.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 20));
  }
  return true;
}

export interface RcStopOptions extends TreeStopOptions {
  /** How long to wait for the svscan processes to end after TERM, ms (default: 60000; ours stops the whole tree first). */
  svscanTimeoutMs?: number;
}

export interface RcStopReport extends TreeStopReport {
  /** The svscan processes that were sent TERM. */
  scanners: number[];
}

/** svscan.rc stop: TERM to every svscan of the directory, wait for them, then the orderly stop of what is left. */
export async function rcStop(scanDir: string, opts: RcStopOptions = {}): Promise<RcStopReport> {
  const scanners = findScanners(scanDir);
  // What runs before the TERM: our svscan stops its whole tree itself, leaving stopTree nothing to count.
  const dirs = serviceDirsOf(scanDir);
  const wasRunning = {
    services: dirs.filter(isRunning),
    loggers: dirs.map((d) => join(d, 'log')).concat(join(scanDir, SVSCAN_LOG_DIR)).filter(isRunning),
  };
  for (const pid of scanners) {
    try {
      process.kill(pid, 'SIGTERM');
    } catch {
      // already gone
    }
  }
  const timeout = opts.svscanTimeoutMs ?? 60_000;
  if (!(await until(() => scanners.every((p) => !alive(p)), timeout))) {
    throw new ScanError(SCAN_ERROR_CODES.rc, `svscan in ${scanDir} still running ${timeout} ms after TERM`);
  }
  const report = await stopTree(scanDir, opts);
  const union = (a: string[], b: string[]) => [...new Set([...a, ...b])].sort();
  return { scanners, ...report, services: union(wasRunning.services, report.services), loggers: union(wasRunning.loggers, report.loggers) };
}

export interface RcStartOptions {
  /** The svscan to run, as argv without the directory (e.g. [process.execPath, '/path/svscan.js'] or ['/usr/bin/svscan']). */
  command: string[];
  /** svscan's stdout and stderr (default /dev/null: make SCANDIR/.svscan/log to keep its warnings). */
  output?: number;
  /** How long leftovers and the new svscan may take, ms (default 10000). */
  timeoutMs?: number;
  onWarning?(text: string): void;
}

/**
 * The first half of svscan.rc start, before svscan runs: refuse when an svscan already runs there; then
 * clear what a previous svscan left, in the seed's order (shutdown scripts, loggers -ox, services -dx:
 * stopTree), since leftover supervisors would keep the new ones off the locks. Services a dead svscan of
 * ours left running without supervisors are not touched here: the new svscan finds them as orphans
 * (dt-status.json) and stops or adopts them. Resolves with the scan directory's real path.
 */
export async function rcPrepare(scanDir: string, opts: Omit<RcStartOptions, 'command' | 'output'> = {}): Promise<string> {
  const dir = realpathSync(scanDir);
  const running = findScanners(dir);
  if (running.length > 0) {
    throw new ScanError(SCAN_ERROR_CODES.rc, `svscan already running in ${scanDir} (pid ${running.join(' ')})`);
  }
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const leftovers = serviceDirsOf(dir)
    .flatMap((d) => [d, join(d, 'log')])
    .concat(join(dir, SVSCAN_LOG_DIR))
    .filter(isRunning);
  if (leftovers.length > 0) await stopTree(dir, { timeoutMs, onWarning: opts.onWarning });
  if (!(await until(() => leftovers.every((d) => !isRunning(d)), timeoutMs))) {
    throw new ScanError(SCAN_ERROR_CODES.rc, `supervisors left over in ${scanDir} did not exit`);
  }
  return dir;
}

/**
 * svscan.rc start, detached (`dt rc start --detach`): rcPrepare, then svscan in its own session, detached.
 * Resolves with its pid once it is there. (The seed's way, under init, is the foreground: the CLI execs
 * svscan after rcPrepare.)
 */
export async function rcStart(scanDir: string, opts: RcStartOptions): Promise<number> {
  const dir = await rcPrepare(scanDir, opts);
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const [file, ...args] = opts.command;
  if (file === undefined) throw new ScanError(SCAN_ERROR_CODES.rc, 'no svscan command given');
  const out = opts.output ?? openSync('/dev/null', 'w');
  const child = spawn(file, [...args, dir], { cwd: dir, detached: true, stdio: ['ignore', out, out] });
  if (opts.output === undefined) closeSync(out);
  const pid = await new Promise<number>((resolve, reject) => {
    child.once('error', (e) => reject(new ScanError(SCAN_ERROR_CODES.rc, `unable to start ${file}: ${e.message}`, { cause: e })));
    child.once('spawn', () => resolve(child.pid!));
  });
  child.unref();
  if (!(await until(() => findScanners(dir).includes(pid) || !alive(pid), timeoutMs)) || !alive(pid)) {
    throw new ScanError(SCAN_ERROR_CODES.rc, `svscan in ${scanDir} did not start`);
  }
  return pid;
}
