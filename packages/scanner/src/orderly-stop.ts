// The seed's orderly stop of a whole scan directory from outside (svscan.rc stop, spec §3.4): the steps of
// stop-sequence.ts over the supervise control protocol only, so it works on any tree: ours, the real
// daemontools', a mix. Run it once the scanner is gone (0.76 svscan would restart every supervise that
// exits). A supervisor is gone when supervise/ok has no reader; past the timeout it is sent KILL.
import { closeSync, openSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { probeOk, readStatusFile, sendControl } from '@dt/supervise-protocol';
import { scanNames } from './scan.js';
import { runShutdownScript } from './scan-shutdown.js';
import { runStopSequence } from './stop-sequence.js';
import { SVSCAN_LOG_DIR } from './svscan-log.js';

export interface TreeStopOptions {
  /** How long a `shutdown` script may run, ms (default 10000). */
  shutdownTimeoutMs?: number;
  /** How long to wait for services, then for loggers, before sending KILL, ms (default 30000). */
  timeoutMs?: number;
  /** Where `shutdown` scripts write (default: where the running service writes, else our 1; our 2). */
  stdout?: number;
  stderr?: number;
  /** Warning texts, no prefix (`unable to control x: ...`). */
  onWarning?(text: string): void;
}

export interface TreeStopReport {
  /** Service directories that were supervised and are now down with their supervisor gone. */
  services: string[];
  /** Logger directories likewise (SCANDIR/.svscan/log included). */
  loggers: string[];
  /** Directories that had to be sent KILL after the timeout. */
  killed: string[];
}

/**
 * The directories of a scan directory as svscan sees them (scanDirectory's rule: non-dot names that are,
 * or link to, directories), sorted; a dangling link is skipped. Throws the readdir error.
 */
export function serviceDirsOf(scanDir: string): string[] {
  return scanNames(scanDir, readdirSync(scanDir))
    .items.map((i) => i.name)
    .sort()
    .map((name) => join(scanDir, name));
}

/** A supervisor holds DIR/supervise/ok open (probeOk; never throws). */
export function isRunning(dir: string): boolean {
  return probeOk(dir).state === 'running';
}

function isDir(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** Stop every supervised service and logger of scanDir in the seed's order. */
export async function stopTree(scanDir: string, opts: TreeStopOptions = {}): Promise<TreeStopReport> {
  const timeoutMs = opts.timeoutMs ?? 30_000;
  const warn = (t: string) => opts.onWarning?.(t);
  const dirs = serviceDirsOf(scanDir);
  const services = dirs.filter(isRunning);
  const loggers = dirs
    .map((d) => join(d, 'log'))
    .concat(join(scanDir, SVSCAN_LOG_DIR))
    .filter((d) => isDir(d) && isRunning(d));

  const send = async (dir: string, letters: string) => {
    try {
      await sendControl(dir, letters);
    } catch (e) {
      warn((e as Error).message);
    }
  };
  const killed: string[] = [];
  /** Past the deadline, KILL what is left (`k` to a service, `dk` to a logger). */
  const killLate = (letters: string) => async (d: string) => {
    killed.push(d);
    warn(`${d} still up after ${timeoutMs} ms, sending KILL`);
    await send(d, letters);
  };
  await runStopSequence<string, string>({
    services,
    loggers,
    runShutdown: async (d) => {
      const own = opts.stdout === undefined ? openServiceStdout(d) : -1;
      try {
        await runShutdownScript(d, {
          stdout: own >= 0 ? own : (opts.stdout ?? 1),
          stderr: opts.stderr ?? 2,
          timeoutMs: opts.shutdownTimeoutMs ?? 10_000,
          onWarning: warn,
        });
      } finally {
        if (own >= 0) closeSync(own);
      }
    },
    controlLogger: send,
    controlService: send,
    servicesGone: () => waitGone(services, timeoutMs, killLate('k')),
    loggersGone: () => waitGone(loggers, timeoutMs, killLate('dk')),
  });
  return { services, loggers, killed };
}

/**
 * The running service's stdout, opened anew through /proc (its log pipe under svscan), so that the
 * `shutdown` script's words land in the service's log as they do under our in-process stop; -1 if none.
 */
function openServiceStdout(dir: string): number {
  try {
    const { pid } = readStatusFile(dir);
    if (pid === 0) return -1;
    const fd = openSync(`/proc/${pid}/fd/1`, 'a');
    return fd;
  } catch {
    return -1;
  }
}

/** Poll until no supervisor runs in any of dirs; past the deadline call late() once for each left. */
async function waitGone(dirs: string[], timeoutMs: number, late: (dir: string) => Promise<void>): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  let lateDone = false;
  for (;;) {
    const left = dirs.filter(isRunning);
    if (left.length === 0) return;
    if (!lateDone && performance.now() > deadline) {
      lateDone = true;
      for (const d of left) await late(d);
    }
    await new Promise((r) => setTimeout(r, 20));
  }
}
