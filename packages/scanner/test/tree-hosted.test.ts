// startTree hosts `exec multilog` loggers by default (decision 0005): the log host runs in a session of its
// own, so a Ctrl-C (SIGINT to the program's process group) reaches the program only, and its orderly stop
// drains every hosted logger to the last line; at process.exit() the host, its program gone, logs every
// pipe to its end and exits by itself.
import { afterEach, describe, expect, it } from '@jest/globals';
import { type ChildProcess, spawn } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readStatusFile } from '@dt/supervise-protocol';
import { waitFor } from '@dt/test-support';

const FIXTURES = fileURLToPath(new URL('./fixtures/tree/', import.meta.url));
const APP = join(FIXTURES, 'app.mjs');
const DIST = fileURLToPath(new URL('../dist/index.js', import.meta.url));
const NAMES = ['a', 'b', 'c'];

const dirs: string[] = [];
const apps: ChildProcess[] = [];
const pids: number[] = [];
afterEach(() => {
  for (const a of apps.splice(0)) if (a.exitCode === null && a.signalCode === null) a.kill('SIGKILL');
  for (const pid of pids.splice(0)) alive(pid) && process.kill(pid, 'SIGKILL');
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function alive(pid: number): boolean {
  try {
    return !readFileSync(`/proc/${pid}/stat`, 'latin1').split(') ')[1]!.startsWith('Z');
  } catch {
    return false;
  }
}

function statField(pid: number, i: number): number {
  return Number(readFileSync(`/proc/${pid}/stat`, 'latin1').split(') ')[1]!.split(' ')[i]);
}

/** Three flooding services, each logged by `exec multilog t ./main` (the hosted form). */
function scanDir(): string {
  if (!existsSync(DIST)) throw new Error(`${DIST} is missing: npm run build -w @dt/scanner`);
  const d = mkdtempSync(join(tmpdir(), 'dt-tree-hosted-'));
  dirs.push(d);
  for (const n of NAMES) {
    mkdirSync(join(d, n, 'log'), { recursive: true });
    copyFileSync(join(FIXTURES, 'numbered-until-term.sh'), join(d, n, 'run'));
    chmodSync(join(d, n, 'run'), 0o755);
    writeFileSync(join(d, n, 'log', 'run'), '#!/bin/sh\nexec multilog t ./main\n');
    chmodSync(join(d, n, 'log', 'run'), 0o755);
  }
  return d;
}

function logText(d: string, name: string): string {
  const main = join(d, name, 'log', 'main');
  const files = readdirSync(main).filter((f) => f.startsWith('@')).sort();
  files.push('current');
  return files.map((f) => (existsSync(join(main, f)) ? readFileSync(join(main, f), 'latin1') : '')).join('').replace(/^@[0-9a-f]{24} /gm, '');
}

/** `line 1` .. `line N`, then `last N`: every line the service wrote, in order, the last one included. */
function expectEveryLine(text: string): number {
  const lines = text.split('\n');
  expect(lines.pop()).toBe('');
  const last = lines.pop();
  const n = lines.length;
  expect(last).toBe(`last ${n}`);
  for (let i = 0; i < n; i++) if (lines[i] !== `line ${i + 1}`) throw new Error(`line ${i + 1} is ${JSON.stringify(lines[i])}`);
  return n;
}

interface Run {
  app: ChildProcess;
  host: number;
  ended: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>;
}

/** app.mjs MODE over the tree (in a process group of its own, as a shell's job), once every log grows. */
async function startApp(mode: string, d: string): Promise<Run> {
  const app = spawn(process.execPath, [APP, mode, d], { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  apps.push(app);
  let out = '';
  let stderr = '';
  app.stdout!.on('data', (b: Buffer) => (out += b.toString()));
  app.stderr!.on('data', (b: Buffer) => (stderr += b.toString()));
  const ended = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve) =>
    app.once('close', (code, signal) => resolve({ code, signal, stderr })),
  );
  await waitFor('the ready line', () => out.includes('\n'), 30_000);
  const services = NAMES.map((n) => readStatusFile(join(d, n)).pid);
  pids.push(...services);
  const hosts = new Set(NAMES.map((n) => readStatusFile(join(d, n, 'log')).pid));
  expect(hosts.size).toBe(1); // one log host for every logger
  const host = [...hosts][0]!;
  pids.push(host);
  expect(readFileSync(`/proc/${host}/cmdline`, 'latin1')).toContain('log-host.js');
  // its own session, apart from the program's (and so from its process group)
  expect(statField(host, 3)).toBe(host);
  expect(statField(host, 3)).not.toBe(statField(app.pid!, 3));
  await waitFor('every log growing', () => NAMES.every((n) => logText(d, n).includes('line 5000\n')), 30_000);
  return { app, host, ended };
}

describe('startTree hosts loggers by default', () => {
  it('Ctrl-C (SIGINT to the process group) leaves the host alone; the orderly stop drains every logger to the last line', async () => {
    const d = scanDir();
    const run = await startApp('wait', d);
    process.kill(-run.app.pid!, 'SIGINT');
    const end = await run.ended;
    expect(end).toMatchObject({ code: null, signal: 'SIGINT' });
    for (const n of NAMES) expect(expectEveryLine(logText(d, n))).toBeGreaterThanOrEqual(5000);
    // finished cleanly (0744), as by the real multilog at the end of its input
    for (const n of NAMES) expect(readdirSync(join(d, n, 'log', 'main')).includes('current')).toBe(true);
    await waitFor('the host gone', () => !alive(run.host));
  }, 60_000);

  it('process.exit(): the host, left without its program, logs every pipe to its end and exits', async () => {
    const d = scanDir();
    const run = await startApp('usr2', d);
    run.app.kill('SIGUSR2');
    const end = await run.ended;
    expect(end).toMatchObject({ code: 0, signal: null });
    await waitFor('the host gone', () => !alive(run.host), 20_000);
    for (const n of NAMES) expect(expectEveryLine(logText(d, n))).toBeGreaterThanOrEqual(5000);
  }, 60_000);
});
