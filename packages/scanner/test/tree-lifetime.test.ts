// A program that starts a tree and then ends (process.exit, SIGTERM, an uncaught exception, an empty event
// loop, Ctrl-C to its process group) leaves no process behind: checked through /proc, by session (each
// service runs in its own session, so every process it started is found, not only its pid).
import { afterEach, describe, expect, it } from '@jest/globals';
import { type ChildProcess, spawn } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { waitFor } from '@dt/test-support';

const MULTILOG = '/usr/bin/multilog';
const FIXTURES = fileURLToPath(new URL('./fixtures/tree/', import.meta.url));
const APP = join(FIXTURES, 'app.mjs');
const DIST = fileURLToPath(new URL('../dist/index.js', import.meta.url));

const dirs: string[] = [];
const apps: ChildProcess[] = [];
const sessions: number[] = [];
afterEach(() => {
  for (const a of apps.splice(0)) if (a.exitCode === null && a.signalCode === null) a.kill('SIGKILL');
  for (const sid of sessions.splice(0)) for (const pid of inSessions([sid])) tryKill(pid);
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function tryKill(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // gone
  }
}

/** Live (not zombie) processes whose session is one of `sids`, from /proc/PID/stat (field 6). */
function inSessions(sids: number[]): number[] {
  const out: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${name}/stat`, 'latin1');
    } catch {
      continue;
    }
    const [state, , , session] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (state !== 'Z' && sids.includes(Number(session))) out.push(Number(name));
  }
  return out;
}

/** d/stopper (logged through the real multilog into log/main) and d/plain (sleeps). */
function scanDir(): string {
  if (!existsSync(MULTILOG)) throw new Error(`${MULTILOG} is missing: apt-get install daemontools`);
  if (!existsSync(DIST)) throw new Error(`${DIST} is missing: npm run build -w @dt/scanner`);
  const d = mkdtempSync(join(tmpdir(), 'dt-life-'));
  dirs.push(d);
  mkdirSync(join(d, 'stopper', 'log'), { recursive: true });
  copyFileSync(join(FIXTURES, 'stopper.sh'), join(d, 'stopper', 'run'));
  chmodSync(join(d, 'stopper', 'run'), 0o755);
  writeFileSync(join(d, 'stopper', 'notification-fd'), '3\n');
  writeFileSync(join(d, 'stopper', 'log', 'run'), `#!/bin/sh\nexec ${MULTILOG} ./main\n`);
  chmodSync(join(d, 'stopper', 'log', 'run'), 0o755);
  mkdirSync(join(d, 'plain'));
  writeFileSync(join(d, 'plain', 'run'), '#!/bin/sh\nexec sleep 1000\n');
  chmodSync(join(d, 'plain', 'run'), 0o755);
  return d;
}

interface Run {
  app: ChildProcess;
  pids: Record<string, number>;
  ended: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>;
}

/** Starts app.mjs MODE on a fresh scan directory and waits for its "ready" line. */
async function startApp(mode: string, d: string, opts: { detached?: boolean } = {}): Promise<Run> {
  const app = spawn(process.execPath, [APP, mode, d], { stdio: ['ignore', 'pipe', 'pipe'], detached: opts.detached ?? false });
  apps.push(app);
  let out = '';
  let stderr = '';
  app.stdout!.on('data', (b: Buffer) => (out += b.toString()));
  app.stderr!.on('data', (b: Buffer) => (stderr += b.toString()));
  const ended = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve) =>
    app.once('close', (code, signal) => resolve({ code, signal, stderr })),
  );
  const line = await waitFor('the ready line', () => out.includes('\n') && out, 30_000);
  const pids = JSON.parse(line.split('\n')[0]!) as Record<string, number>;
  sessions.push(...Object.values(pids));
  return { app, pids, ended };
}

/** A scan directory (the logged service) and the app in `mode` over it. */
async function appOverTree(mode: string, opts: { detached?: boolean } = {}): Promise<{ d: string; run: Run }> {
  const d = scanDir();
  return { d, run: await startApp(mode, d, opts) };
}

/** Nothing of the tree left, and the service heard TERM while its logger still read. */
async function expectStoppedInOrder(run: Run, d: string): Promise<void> {
  await expectNothingLeft(run.pids);
  expect(logOf(d)).toBe('started\ngot TERM\n');
}

/** Every process of every service's session is gone (polled with a deadline). */
async function expectNothingLeft(pids: Record<string, number>): Promise<void> {
  const sids = Object.values(pids);
  expect(sids.length).toBe(3);
  const describe = () =>
    inSessions(sids)
      .map((pid) => {
        try {
          const [state, ppid, pgrp, session] = readFileSync(`/proc/${pid}/stat`, 'latin1').split(') ')[1]!.split(' ');
          const cmd = readFileSync(`/proc/${pid}/cmdline`, 'latin1').replace(/\0/g, ' ').trim();
          return `${pid} ${cmd} (state ${state} ppid ${ppid} pgrp ${pgrp} session ${session})`;
        } catch {
          return `${pid} gone`;
        }
      })
      .join(', ');
  await waitFor('every service session to be empty', () => inSessions(sids).length === 0 || undefined, 15_000).catch((e: unknown) => {
    throw new Error(`${(e as Error).message}; services ${JSON.stringify(pids)}; left: ${describe()}`);
  });
}

const logOf = (d: string) => readFileSync(join(d, 'stopper', 'log', 'main', 'current'), 'latin1');

describe('a program that uses startTree leaves no process behind', () => {
  it('services run in sessions of their own, apart from the program', async () => {
    const { run } = await appOverTree('wait');
    for (const pid of Object.values(run.pids)) {
      const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
      const [, , , session] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      expect(Number(session)).toBe(pid);
    }
    run.app.kill('SIGTERM');
    await run.ended;
    await expectNothingLeft(run.pids);
  });

  it('process.exit(): services get TERM while their logger still reads, then everything is gone', async () => {
    const { d, run } = await appOverTree('exit');
    const end = await run.ended;
    expect(end).toMatchObject({ code: 0, signal: null });
    await expectStoppedInOrder(run, d);
  });

  it('an uncaught exception: Node reports it and exits 1, and the tree goes with it', async () => {
    const { d, run } = await appOverTree('throw');
    const end = await run.ended;
    expect(end.code).toBe(1);
    expect(end.stderr).toContain('boom from a timer');
    await expectStoppedInOrder(run, d);
  });

  it('SIGTERM: the orderly stop, then the program dies of SIGTERM', async () => {
    const { d, run } = await appOverTree('wait');
    run.app.kill('SIGTERM');
    const end = await run.ended;
    expect(end).toMatchObject({ code: null, signal: 'SIGTERM' });
    await expectStoppedInOrder(run, d);
  });

  it('Ctrl-C (SIGINT to the process group) reaches the program only; it stops the tree in order and dies of SIGINT', async () => {
    const { d, run } = await appOverTree('wait', { detached: true });
    process.kill(-run.app.pid!, 'SIGINT');
    const end = await run.ended;
    expect(end).toMatchObject({ code: null, signal: 'SIGINT' });
    // the service heard TERM from its supervisor (not INT from the terminal), and its logger recorded it
    await expectStoppedInOrder(run, d);
  });

  it('a program with nothing left to do ends: the tree does not keep the event loop alive, and is stopped', async () => {
    const { d, run } = await appOverTree('end');
    const end = await run.ended;
    expect(end).toMatchObject({ code: 0, signal: null });
    await expectStoppedInOrder(run, d);
  });
});
