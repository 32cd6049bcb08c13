// Shared by the Scanner tests: scan directories built from fixture scripts, polling with a deadline
// (never a fixed sleep), real-tool lookup that fails loudly, and clean-up of every scanner started.
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Scanner, type ScannerOptions } from '../src/index.js';

export { isAlive, readLines, waitFor } from '@dt/test-support';

export const SCAN_FIXTURES = join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'scanner');

export function makeScanDir(): string {
  return mkdtempSync(join(tmpdir(), 'dt-scanner-'));
}

/** Copy fixture `from` to `to` (executable). */
export function installScript(from: string, to: string): void {
  copyFileSync(join(SCAN_FIXTURES, from), to);
  chmodSync(to, 0o755);
}

/** SCANDIR/NAME with run (and log/run when given), built elsewhere and renamed in, as operators do. */
export function addService(root: string, name: string, run: string, log?: string, extra: Record<string, string> = {}): string {
  const staging = mkdtempSync(join(root, '.staging-'));
  installScript(run, join(staging, 'run'));
  if (log !== undefined) {
    mkdirSync(join(staging, 'log'));
    installScript(log, join(staging, 'log', 'run'));
  }
  for (const [file, fixture] of Object.entries(extra)) installScript(fixture, join(staging, file));
  const dir = join(root, name);
  // rename(2) makes the whole directory appear at once, so the scanner never sees it half-built
  renameSync(staging, dir);
  return dir;
}

/** A real daemontools program; missing means the test fails (never skips). */
export function realTool(name: string): string {
  const path = `/usr/bin/${name}`;
  if (!existsSync(path)) throw new Error(`${path} is missing: install daemontools (apt-get install daemontools)`);
  return path;
}

/** Scanners and scan directories made by a test, stopped and removed by cleanUp(). */
export class ScanHarness {
  readonly scanners: Scanner[] = [];
  readonly roots: string[] = [];
  readonly warnings: string[] = [];
  readonly pids = new Set<number>();

  root(): string {
    const r = makeScanDir();
    this.roots.push(r);
    return r;
  }

  async start(opts: ScannerOptions): Promise<Scanner> {
    const s = new Scanner({ onWarning: (l) => this.warnings.push(l), ...opts });
    this.scanners.push(s);
    s.on('supervisor-done', () => {});
    await s.start();
    return s;
  }

  /** Remember a pid to kill at clean-up (a service a test made outside any scanner). */
  track(pid: number): void {
    this.pids.add(pid);
  }

  async cleanUp(): Promise<void> {
    for (const s of this.scanners) {
      for (const info of s.services()) {
        if (info.pid) this.pids.add(info.pid);
        if (info.logPid) this.pids.add(info.logPid);
      }
      const stopped = s.stop();
      const timer = setTimeout(() => s.forceStop(), 5000);
      await stopped;
      clearTimeout(timer);
    }
    for (const pid of this.pids) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    for (const r of this.roots) rmSync(r, { recursive: true, force: true });
    this.scanners.length = 0;
    this.roots.length = 0;
    this.pids.clear();
    this.warnings.length = 0;
  }
}
