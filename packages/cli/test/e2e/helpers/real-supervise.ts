// Real daemontools for the interop tests: a temp service directory run by /usr/bin/supervise, a run script
// that records every signal it receives, and helpers to run our built bins and the C programs side by side.
// Every process started here is stopped in stop() (call it from afterEach/afterAll).
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, closeSync, constants, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll } from '@jest/globals';
import { execa } from 'execa';
import { waitFor } from '@dt/test-support';

// DT_E2E_BIN_DIR lets a developer test a private build while others rebuild the shared dist/.
export const BIN_DIR = process.env.DT_E2E_BIN_DIR ?? fileURLToPath(new URL('../../../dist/bin/', import.meta.url));

/** Fail (never skip) when a real program or our build is missing. */
export function requireFile(path: string, hint: string): string {
  if (!existsSync(path)) throw new Error(`${path} is missing: ${hint}`);
  return path;
}

export const real = (name: string) => requireFile(`/usr/bin/${name}`, 'install daemontools 0.76 (apt-get install -y daemontools)');
export const ours = (name: string) => requireFile(join(BIN_DIR, `${name}.js`), 'build it first: cd packages/cli && npx tsup');

export interface Result {
  exitCode: number | undefined;
  stdout: string;
  stderr: string;
}

const ENV = { NO_COLOR: '1' };

/** Run the C program /usr/bin/NAME. */
export async function runReal(name: string, args: string[], cwd?: string): Promise<Result> {
  const r = await execa(real(name), args, { reject: false, env: ENV, cwd, stripFinalNewline: false });
  return { exitCode: r.exitCode, stdout: String(r.stdout), stderr: String(r.stderr) };
}

/** Run our dist/bin/NAME.js with this very Node. */
export async function runOurs(name: string, args: string[], cwd?: string): Promise<Result> {
  const r = await execa(process.execPath, [ours(name), ...args], { reject: false, env: ENV, cwd, stripFinalNewline: false });
  return { exitCode: r.exitCode, stdout: String(r.stdout), stderr: String(r.stderr) };
}

/** Poll `check` every 20 ms until it returns a value other than undefined/false, or fail after the deadline. */
export const until = waitFor;

// Records each start and each catchable signal in ../signals (one word a line). TERM is recorded and then
// the script exits 0, so d and t bring it down; everything else keeps it running.
export const SIGNAL_RECORDER = `#!/bin/sh
echo "start $$" >> ../signals
for s in HUP INT QUIT USR1 USR2 ALRM CONT; do trap "echo $s >> ../signals" $s; done
trap 'echo TERM >> ../signals; exit 0' TERM
while :; do sleep 1 & p=$!; wait $p; kill $p 2>/dev/null; done
`;

// Ignores TERM (so "want down" lasts); records nothing.
export const TERM_IGNORER = `#!/bin/sh
trap '' TERM
while :; do sleep 1 & p=$!; wait $p; kill $p 2>/dev/null; done
`;

export class RealSupervise {
  readonly root: string;
  readonly dir: string;
  private proc: ChildProcess | undefined;

  constructor(run: string, opts: { down?: boolean; name?: string } = {}) {
    real('supervise');
    this.root = mkdtempSync(join(tmpdir(), 'dt-e2e-sv-'));
    this.dir = join(this.root, opts.name ?? 'svc');
    mkdirSync(this.dir);
    writeFileSync(join(this.dir, 'run'), run, { mode: 0o755 });
    writeFileSync(join(this.root, 'signals'), '');
    if (opts.down) writeFileSync(join(this.dir, 'down'), '');
  }

  /** Start /usr/bin/supervise and wait until it holds supervise/ok (and, unless normally down, a pid is up). */
  async start(): Promise<this> {
    this.proc = spawn(real('supervise'), [this.dir], { stdio: 'ignore' });
    await until('supervise/ok to have a reader', () => this.isRunning());
    if (!existsSync(join(this.dir, 'down'))) await until('the service to start', () => this.pid() !== 0);
    return this;
  }

  isRunning(): boolean {
    try {
      closeSync(openSync(join(this.dir, 'supervise', 'ok'), constants.O_WRONLY | constants.O_NONBLOCK));
      return true;
    } catch {
      return false;
    }
  }

  status(): Buffer {
    return readFileSync(join(this.dir, 'supervise', 'status'));
  }

  /** The pid in supervise/status (0 when down or unreadable). */
  pid(): number {
    try {
      const s = this.status();
      return s.length >= 18 ? s.readUInt32LE(12) : 0;
    } catch {
      return 0;
    }
  }

  /** Lines the signal recorder wrote. */
  signals(): string[] {
    return readFileSync(join(this.root, 'signals'), 'utf8').split('\n').filter(Boolean);
  }

  /** The kernel's state letter for a pid (R, S, T...), or undefined when gone. */
  static procState(pid: number): string | undefined {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0];
    } catch {
      return undefined;
    }
  }

  /** The supervise process has exited. */
  exited(): boolean {
    return this.proc === undefined || this.proc.exitCode !== null || this.proc.signalCode !== null;
  }

  /** Stop the service and supervise (dx through control, then SIGKILL as a last resort), remove the tree. */
  async stop(): Promise<void> {
    const proc = this.proc;
    if (proc && !this.exited()) {
      const pid = this.pid();
      if (pid) {
        try {
          process.kill(pid, 'SIGCONT');
        } catch {}
      }
      try {
        const fd = openSync(join(this.dir, 'supervise', 'control'), constants.O_WRONLY | constants.O_NONBLOCK);
        writeSync(fd, 'dxk'); // k: a service that ignores TERM still goes
        closeSync(fd);
      } catch {}
      const gone = new Promise<void>((r) => proc.once('exit', () => r()));
      const timer = setTimeout(() => {
        const p = this.pid();
        if (p) {
          try {
            process.kill(p, 'SIGKILL');
          } catch {}
        }
        proc.kill('SIGKILL');
      }, 5000);
      if (!this.exited()) await gone;
      clearTimeout(timer);
    }
    rmSync(this.root, { recursive: true, force: true });
  }
}

/**
 * Run the C program and ours as user nobody (through the real /usr/bin/setuidgid): the tests run as root,
 * which no permission stops. Returns [theirs, ours].
 */
export async function runBothAsNobody(name: string, args: string[], cwd: string): Promise<[Result, Result]> {
  const setuidgid = real('setuidgid');
  const go = async (argv: string[]): Promise<Result> => {
    const r = await execa(setuidgid, ['nobody', ...argv], { reject: false, env: ENV, cwd, stripFinalNewline: false });
    return { exitCode: r.exitCode, stdout: String(r.stdout), stderr: String(r.stderr) };
  };
  return [await go([real(name), ...args]), await go([process.execPath, ours(name), ...args])];
}

/**
 * A tree for user nobody: root (0755), locked/ (0700), sv/ (0711: searchable, not readable) holding
 * supervise/{control,ok} FIFOs (0600) and a status file (0600). The caller removes it.
 */
export function makePermissionTree(): string {
  const root = mkdtempSync(join(tmpdir(), 'dt-e2e-perm-'));
  chmodSync(root, 0o755);
  mkdirSync(join(root, 'locked'), { mode: 0o700 });
  mkdirSync(join(root, 'sv', 'supervise'), { recursive: true, mode: 0o711 });
  chmodSync(join(root, 'sv'), 0o711);
  for (const f of ['control', 'ok']) execFileSync('/usr/bin/mkfifo', ['-m', '600', join(root, 'sv', 'supervise', f)]);
  writeFileSync(join(root, 'sv', 'supervise', 'status'), Buffer.alloc(18), { mode: 0o600 });
  return root;
}

/** Called in a describe: the permission tree, made before its tests and removed after them (`tree.root`). */
export function usePermissionTree(): { readonly root: string } {
  let root = '';
  beforeAll(() => {
    root = makePermissionTree();
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  return {
    get root() {
      return root;
    },
  };
}
