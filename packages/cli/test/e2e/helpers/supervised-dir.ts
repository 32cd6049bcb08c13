// Service directories run by the real /usr/bin/supervise for the dt status and dt wait tests. Every
// supervise started here and its service are killed, and every directory removed, by cleanup() (afterEach).
import { type ChildProcess, spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { need } from './dt-command.js';
import { waitFor } from './poll.js';

const dirs: string[] = [];
const supervisors: ChildProcess[] = [];

/** The service pid in DIR/supervise/status (0 while none runs); throws while the file is missing. */
const statusPid = (dir: string) => readFileSync(join(dir, 'supervise', 'status')).readUInt32LE(12);

/** Kill every supervise started by supervise() and its service; remove every serviceDir(). */
export async function cleanup(): Promise<void> {
  for (const s of supervisors.splice(0)) {
    try {
      const pid = statusPid(s.spawnargs[1]!);
      if (pid) process.kill(pid, 'SIGKILL');
    } catch {
      // not started
    }
    if (s.exitCode === null && s.signalCode === null) {
      const gone = new Promise((r) => s.once('exit', r));
      s.kill('SIGKILL');
      await gone;
    }
  }
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
}

/** A temp service directory (name starting with prefix) whose run sleeps, plus `files` (name: text). */
export function serviceDir(prefix: string, files: Record<string, string> = {}): string {
  const d = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(d);
  writeFileSync(join(d, 'run'), '#!/bin/sh\nexec sleep 1000\n');
  chmodSync(join(d, 'run'), 0o755);
  for (const [n, t] of Object.entries(files)) writeFileSync(join(d, n), t);
  return d;
}

/** Start the real supervise on dir (not waiting for it). */
export function supervise(dir: string): ChildProcess {
  const sup = spawn(need('/usr/bin/supervise', 'apt-get install daemontools'), [dir], { stdio: 'ignore' });
  supervisors.push(sup);
  return sup;
}

/** Wait until the supervise on dir runs its service; returns the service's pid. */
export function serviceStarted(dir: string): Promise<number> {
  return waitFor(`supervise to start ${dir}`, () => statusPid(dir) || undefined, 10_000);
}

/** Start the real supervise on dir and wait until its service runs; returns the service's pid. */
export async function supervised(dir: string): Promise<number> {
  supervise(dir);
  return serviceStarted(dir);
}
