// svscan (dist/bin/svscan.js) end to end: 0.76's fatal and warning texts, the real svc/svstat/svok on
// what it supervises, and the seed's orderly stop on SIGTERM and SIGINT with a flooding service.
import { afterEach, describe, expect, it } from '@jest/globals';
import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { isAlive as alive, waitFor } from '@dt/test-support';
import { real } from './helpers/real-supervise.js';
import { install, pidOf, procs, reap, roots } from './helpers/scan-tree.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const SVSCAN = join(HERE, '..', '..', 'dist', 'bin', 'svscan.js');

afterEach(reap);

function scanDir(): string {
  const r = mkdtempSync(join(tmpdir(), 'dt-svscan-e2e-'));
  roots.push(r);
  return r;
}

function addService(root: string, name: string, run: string, log?: string): string {
  const staging = mkdtempSync(join(root, '.new-'));
  install(run, join(staging, 'run'));
  if (log) {
    mkdirSync(join(staging, 'log'));
    install(log, join(staging, 'log', 'run'));
  }
  renameSync(staging, join(root, name));
  return join(root, name);
}

function startSvscan(dir: string): { proc: ChildProcess; stderr: () => string; exited: Promise<number | null> } {
  if (!existsSync(SVSCAN)) throw new Error(`${SVSCAN} is missing: build the CLI first (cd packages/cli && npx tsup)`);
  const proc = spawn(process.execPath, [SVSCAN, dir], { stdio: ['ignore', 'ignore', 'pipe'] });
  procs.push(proc);
  let err = '';
  proc.stderr!.on('data', (b: Buffer) => (err += b.toString()));
  const exited = new Promise<number | null>((r) => proc.once('exit', (c) => r(c)));
  return { proc, stderr: () => err, exited };
}

describe('svscan', () => {
  it('dies as 0.76 when it cannot chdir', async () => {
    const r = await execa(process.execPath, [SVSCAN, '/nonexistent/dir'], { reject: false });
    expect(r.exitCode).toBe(111);
    expect(r.stderr).toBe('svscan: fatal: unable to chdir to /nonexistent/dir: file does not exist');
    expect(r.stdout).toBe('');
  });

  it('warns on stderr in 0.76 words and keeps scanning', async () => {
    const root = scanDir();
    symlinkSync(join(root, 'nowhere'), join(root, 'dangling'));
    const s = startSvscan(root);
    await waitFor('warning', () => s.stderr().length > 0);
    expect(s.stderr()).toBe('svscan: warning: unable to stat dangling: file does not exist\n');
    const dir = addService(root, 'late', 'run-sleep');
    await waitFor('late up', () => pidOf(dir) > 0);
  });

  it('serves the real svc, svok and svstat', async () => {
    const root = scanDir();
    const dir = addService(root, 'a', 'run-sleep', 'log-cat');
    startSvscan(root);
    const first = await waitFor('a up', () => pidOf(dir) || undefined);
    expect(spawnSync(real('svok'), [dir]).status).toBe(0);
    expect(spawnSync(real('svok'), [join(dir, 'log')]).status).toBe(0);
    execFileSync(real('svc'), ['-t', dir]);
    await waitFor('a restarted', () => {
      const p = pidOf(dir);
      return p !== 0 && p !== first;
    });
    execFileSync(real('svc'), ['-d', dir]);
    await waitFor('a down', () => /: down \d+ seconds, normally up\n$/.test(execFileSync(real('svstat'), [dir], { encoding: 'utf8' })));
  });

  it('waits for a service that ignores TERM, and kills it on a second signal', async () => {
    const root = scanDir();
    const dir = addService(root, 'stubborn', 'run-ignore-term');
    const s = startSvscan(root);
    const pid = await waitFor('stubborn up', () => pidOf(dir) || undefined);
    await waitFor('TERM ignored', () => /^SigIgn:\s+0*4000$/m.test(readFileSync(`/proc/${pid}/status`, 'utf8')));
    s.proc.kill('SIGTERM');
    await waitFor('want down', () => execFileSync(real('svstat'), [dir], { encoding: 'utf8' }).includes(', want down'));
    expect(alive(pid)).toBe(true);
    expect(s.proc.exitCode).toBe(null);
    s.proc.kill('SIGTERM');
    expect(await s.exited).toBe(0);
    expect(alive(pid)).toBe(false);
  });

  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`stops the tree in order on ${signal}: every line of a flooding service reaches its log, exit 0`, async () => {
      const root = scanDir();
      const dir = addService(root, 'flood', 'run-flood', 'log-cat');
      const s = startSvscan(root);
      const out = join(dir, 'log', 'out');
      await waitFor('flooding', () => existsSync(out) && readFileSync(out).length > 50_000);
      const [svcPid, logPid] = [pidOf(dir), pidOf(join(dir, 'log'))];
      s.proc.kill(signal);
      expect(await s.exited).toBe(0);
      expect(alive(svcPid)).toBe(false);
      expect(alive(logPid)).toBe(false);
      const text = readFileSync(out, 'utf8');
      expect(text.endsWith('\n')).toBe(true);
      const nums = text.slice(0, -1).split('\n').map(Number);
      expect(nums.every((n, i) => n === i + 1)).toBe(true);
      expect(s.stderr()).toBe('');
      expect(spawnSync(real('svok'), [dir]).status).toBe(100);
    });
  }
});
