// Scan-directory trees for the svscan, svscanboot and dt rc end-to-end tests: the scanner's fixture run
// scripts installed into service directories, the pid the real svstat reports, and a reaper that stops
// every process a test started and removes its temp roots (call reap() from afterEach).
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { real } from './real-supervise.js';

/** The run scripts live with the scanner's unit tests. */
export const SCANNER_FIXTURES = fileURLToPath(new URL('../../../../scanner/test/fixtures/scanner/', import.meta.url));

/** Processes spawned by the test (TERM, then KILL after 5 s). */
export const procs: ChildProcess[] = [];
/** Pids seen running (services, svscans started detached): SIGKILLed. */
export const pids = new Set<number>();
/** Temp roots: removed last. */
export const roots: string[] = [];

/** Stop every process the test started and remove its temp roots. */
export async function reap(): Promise<void> {
  for (const p of procs.splice(0)) {
    if (p.exitCode === null && p.signalCode === null) {
      p.kill('SIGTERM');
      const t = setTimeout(() => p.kill('SIGKILL'), 5000);
      await new Promise((r) => p.once('exit', r));
      clearTimeout(t);
    }
  }
  for (const pid of pids) {
    if (!(pid > 1)) continue; // kill(0) or kill(-1) would reach the test runner itself
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone
    }
  }
  pids.clear();
  for (const r of roots.splice(0)) rmSync(r, { recursive: true, force: true });
}

/** A temp root for a tree (prefix as mkdtemp's), removed by reap(). */
export function newRoot(prefix: string): string {
  const root = mkdtempSync(join(tmpdir(), prefix));
  roots.push(root);
  return root;
}

/** `node dist/bin/BIN ARGS...` with stdio ignored, in procs for reap(). */
export function startBin(bin: string, args: string[]): ChildProcess {
  const path = fileURLToPath(new URL(`../../../dist/bin/${bin}`, import.meta.url));
  if (!existsSync(path)) throw new Error(`${path} is missing: build the CLI first (cd packages/cli && npx tsup)`);
  const p = spawn(process.execPath, [path, ...args], { stdio: 'ignore' });
  procs.push(p);
  return p;
}

/** Copy the scanner fixture script `fixture` to `to`, executable. */
export function install(fixture: string, to: string): void {
  copyFileSync(join(SCANNER_FIXTURES, fixture), to);
  chmodSync(to, 0o755);
}

/** The pid the real svstat shows for dir (0 when it is not up); remembered in pids for reap(). */
export function pidOf(dir: string): number {
  const m = /up \(pid (\d+)\)/.exec(execFileSync(real('svstat'), [dir], { encoding: 'utf8' }));
  const pid = m ? Number(m[1]) : 0;
  if (pid) pids.add(pid);
  return pid;
}
