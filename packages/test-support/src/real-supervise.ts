// The real daemontools supervise running services for the tests that compare against it or read what it
// writes: temp service directories, supervise started on them, and cleanUp() (afterEach) killing each
// supervise and its service and removing the directories.
import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const SUPERVISE = '/usr/bin/supervise';

const dirs: string[] = [];
const supervisors: ChildProcess[] = [];

/** The service pid in DIR/supervise/status (0 while none runs); throws while the file is missing. */
export function statusPid(dir: string): number {
  return readFileSync(join(dir, 'supervise', 'status')).readUInt32LE(12);
}

/** A temp service directory (name starting with prefix) with this run script and `files` (name: text). */
export function serviceDir(prefix: string, run: string, files: Record<string, string> = {}): string {
  const d = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(d);
  writeFileSync(join(d, 'run'), run);
  chmodSync(join(d, 'run'), 0o755);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(d, name), text);
  return d;
}

/** Start the real supervise on dir (stderr inherited unless said); fails (never skips) when it is not installed. */
export function startSupervise(dir: string, stdio: StdioOptions = ['ignore', 'ignore', 'inherit']): ChildProcess {
  if (!existsSync(SUPERVISE)) throw new Error(`${SUPERVISE} is missing: apt-get install daemontools`);
  const child = spawn(SUPERVISE, [dir], { stdio });
  supervisors.push(child);
  return child;
}

/** Kills supervise and whatever it runs (pid from the status file), and waits for supervise to be gone. */
async function stopSupervise(child: ChildProcess): Promise<void> {
  try {
    const pid = statusPid(child.spawnargs[1]!);
    if (pid) process.kill(pid, 'SIGKILL');
  } catch {
    // no status yet, or the service is already gone
  }
  if (child.exitCode === null && child.signalCode === null) {
    const gone = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await gone;
  }
}

/** Stop every supervise started here and remove every service directory made here. */
export async function cleanUp(): Promise<void> {
  for (const s of supervisors.splice(0)) await stopSupervise(s);
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
}
