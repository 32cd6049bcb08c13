import { afterEach, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SpawnedChild, isSpawnedChild, spawnChild } from '../src/spawned-child.js';
import { FIXTURES, ProcessJanitor, makeService, removeTree } from './supervisor-helpers.js';

const roots: string[] = [];
const janitor = new ProcessJanitor();
afterEach(() => {
  janitor.killAll();
  for (const r of roots.splice(0)) removeTree(r);
});

function serviceDir(): string {
  const { root, dir } = makeService(undefined);
  roots.push(root);
  return dir;
}

function spawnSh(dir: string, script: string): SpawnedChild {
  const c = spawnChild('/bin/sh', ['sh', '-c', script], { cwd: dir, fds: ['ignore', 'ignore', 'ignore'] });
  if (!(c instanceof SpawnedChild)) throw new Error(`spawn failed: errno ${c.errno}`);
  janitor.add(c.pid);
  return c;
}

const exitOf = (c: SpawnedChild) => new Promise<[number | null, string | null]>((r) => c.once('exit', (code, signal) => r([code, signal])));

describe('SpawnedChild (posix_spawn, exit through a pidfd)', () => {
  it('reports an exit code once the process has ended, and then no longer counts the pid as ours', async () => {
    const c = spawnSh(serviceDir(), 'exit 7');
    expect(isSpawnedChild(c.pid)).toBe(true);
    // still ours while a zombie: what the orphan reaper checks before it reaps
    const deadline = Date.now() + 5000;
    while (!readFileSync(`/proc/${c.pid}/stat`, 'latin1').includes(') Z') && Date.now() < deadline);
    expect(isSpawnedChild(c.pid)).toBe(true);
    expect(await exitOf(c)).toEqual([7, null]);
    expect(c.exitCode).toBe(7);
    expect(isSpawnedChild(c.pid)).toBe(false);
    expect(readFileSync(`/proc/${process.pid}/task/${process.pid}/children`, 'latin1').split(' ')).not.toContain(String(c.pid)); // no zombie
    expect(c.kill('SIGTERM')).toBe(false); // collected: its pid may be someone else's now
  });

  it('reports the signal that killed it, sent through kill()', async () => {
    const c = spawnSh(serviceDir(), 'exec sleep 100');
    const exited = exitOf(c);
    expect(c.kill('SIGKILL')).toBe(true);
    expect(await exited).toEqual([null, 'SIGKILL']);
    expect(c.signalCode).toBe('SIGKILL');
  });

  it('a child stopped and continued is still running', async () => {
    const c = spawnSh(serviceDir(), 'exec sleep 100');
    const exited = exitOf(c);
    process.kill(c.pid, 'SIGSTOP');
    process.kill(c.pid, 'SIGCONT');
    c.kill('SIGTERM');
    expect(await exited).toEqual([null, 'SIGTERM']);
  });

  it('many children ending together each get their own status', async () => {
    const dir = serviceDir();
    const kids = Array.from({ length: 20 }, (_, i) => spawnSh(dir, `exit ${i}`));
    expect(await Promise.all(kids.map(exitOf))).toEqual(kids.map((_, i) => [i, null]));
  });

  it('runs in cwd with the given environment and fds; a failed exec is the errno (no /bin/sh retry)', async () => {
    const dir = serviceDir();
    writeFileSync(join(dir, 'noshebang'), 'echo ran\n', { mode: 0o755 });
    expect(spawnChild('./noshebang', ['./noshebang'], { cwd: dir, fds: ['ignore', 'ignore', 'ignore'] })).toEqual({ errno: 8 });
    const c = spawnChild('/bin/sh', ['sh', '-c', 'echo "$DT_X" > out; pwd >> out'], { cwd: dir, fds: ['ignore', 'ignore', 'ignore'], env: { DT_X: 'x1' } });
    if (!(c instanceof SpawnedChild)) throw new Error('spawn failed');
    expect(await exitOf(c)).toEqual([0, null]);
    expect(readFileSync(join(dir, 'out'), 'utf8').split('\n')[0]).toBe('x1');
  });
});

describe('in a process of its own', () => {
  it('the statuses of a supervised ./run still reach its supervisor, with the event loop held up past two sweeps after each exit', () => {
    // in a process of its own: a subreaper changes the test runner for every later test
    const out = execFileSync(process.execPath, [join(FIXTURES, '..', 'scanner', 'reaper-spawned.mjs')], { encoding: 'utf8', timeout: 30_000 });
    expect(JSON.parse(out)).toEqual({ exits: [5, 5, 5], gone: 0, zombies: 0 });
  });

  it('without the pipe_wrap binding, exits are learnt on SIGCHLD', () => {
    const out = execFileSync(process.execPath, [join(FIXTURES, '..', 'scanner', 'sigchld-fallback.mjs')], { encoding: 'utf8', timeout: 30_000 });
    expect(JSON.parse(out)).toEqual({ exits: [[4, null], [4, null]] });
  });
});
