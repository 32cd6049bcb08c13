// dt logs dir [--follow] [--since T] over directories the real multilog wrote: the same bytes as
// `cat @* current | tai64nlocal` with the real programs; --follow across rotations; usage and errors.
import { afterEach, describe, expect, it } from '@jest/globals';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DT, dt, need } from './helpers/dt-command.js';

const MULTILOG = '/usr/bin/multilog';
const TAI64NLOCAL = '/usr/bin/tai64nlocal';
const dirs: string[] = [];
const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A service directory whose log/main the real multilog filled with `lines`, rotating often. */
function loggedService(lines: string[]): string {
  need(MULTILOG, 'apt-get install daemontools');
  const d = mkdtempSync(join(tmpdir(), 'dt-logs-'));
  dirs.push(d);
  mkdirSync(join(d, 'log'));
  const r = spawnSync(MULTILOG, ['t', 's4096', 'n100', './main'], { cwd: join(d, 'log'), input: lines.join('') });
  expect(r.status).toBe(0);
  return d;
}

/** What the real tools print for the whole directory: every archive in name order, then current, through tai64nlocal. */
function realOutput(logDir: string): string {
  const names = readdirSync(logDir).filter((n) => /^@[0-9a-f]{24}\.[su]$/.test(n)).sort();
  const all = Buffer.concat([...names, 'current'].map((n) => readFileSync(join(logDir, n))));
  return spawnSync(need(TAI64NLOCAL, 'apt-get install daemontools'), [], { input: all }).stdout.toString('latin1');
}

const sample = (n: number, tag = 'line') => Array.from({ length: n }, (_, i) => `${tag} ${i} ${'z'.repeat(50)}\n`);

describe('dt logs', () => {
  it('prints archives then current with local stamps, as cat @* current | tai64nlocal does', async () => {
    const d = loggedService(sample(300));
    const logDir = join(d, 'log', 'main');
    expect(readdirSync(logDir).filter((n) => n.startsWith('@')).length).toBeGreaterThan(3);
    const expected = realOutput(logDir);
    for (const dir of [logDir, d]) {
      const res = await dt(['logs', dir]);
      expect(res.exitCode).toBe(0);
      expect(res.stderr).toBe('');
      expect(`${res.stdout}\n`).toBe(expected);
    }
  });

  it('--since keeps the lines stamped at or after the time given', async () => {
    const d = loggedService(sample(3, 'old'));
    const logDir = join(d, 'log', 'main');
    const current = readFileSync(join(logDir, 'current'), 'latin1');
    // Rewrite the stamps: first line in 2001, the others in 2030, so any 'since' in between splits them.
    const lines = current.split('\n').filter(Boolean);
    const restamped = [`@400000003b9aca00${'0'.repeat(8)}${lines[0]!.slice(25)}`, ...lines.slice(1).map((l) => `@4000000071bb3a80${'0'.repeat(8)}${l.slice(25)}`)];
    writeFileSync(join(logDir, 'current'), `${restamped.join('\n')}\n`);
    for (const since of ['2026-01-01T00:00:00Z', '2026-01-01', '@400000006000000000000000']) {
      const res = await dt(['logs', logDir, '--since', since]);
      expect(res.exitCode).toBe(0);
      expect(res.stdout.split('\n').map((l) => l.slice(30))).toEqual(['old 1 ' + 'z'.repeat(50), 'old 2 ' + 'z'.repeat(50)]);
    }
    expect((await dt(['logs', logDir, '--since', '1d'])).stdout.split('\n')).toHaveLength(2);
  });

  it('--follow prints what multilog appends, across rotations, until SIGTERM (exit 0)', async () => {
    need(MULTILOG, 'apt-get install daemontools');
    const d = mkdtempSync(join(tmpdir(), 'dt-logs-'));
    dirs.push(d);
    const ml = spawn(MULTILOG, ['s4096', 'n100', './main'], { cwd: d, stdio: ['pipe', 'ignore', 'inherit'] });
    children.push(ml);
    ml.stdin!.write('first\n');
    const end = performance.now() + 10000;
    while (!existsSync(join(d, 'main', 'current')) || readFileSync(join(d, 'main', 'current'), 'latin1') !== 'first\n') {
      if (performance.now() > end) throw new Error('multilog did not write');
      await new Promise((r) => setTimeout(r, 20));
    }
    const follower = spawn(process.execPath, [need(DT, 'cd packages/cli && npx tsup'), 'logs', '--follow', join(d, 'main')], { stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(follower);
    let out = '';
    follower.stdout!.on('data', (b: Buffer) => (out += b.toString('latin1')));
    let err = '';
    follower.stderr!.on('data', (b: Buffer) => (err += b.toString('latin1')));
    const until = async (what: string, ok: () => boolean) => {
      const stop = performance.now() + 15000;
      while (!ok()) {
        if (performance.now() > stop) throw new Error(`timed out waiting for ${what}; got ${JSON.stringify(out.slice(-200))}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    };
    await until('the first line', () => out === 'first\n');
    const more = sample(200, 'more');
    ml.stdin!.write(more.join(''));
    await until('every line', () => out.length >= ['first\n', ...more].join('').length);
    expect(out).toBe(['first\n', ...more].join(''));
    expect(readdirSync(join(d, 'main')).filter((n) => n.startsWith('@')).length).toBeGreaterThan(2);
    const exited = new Promise<number | null>((r) => follower.once('exit', (code) => r(code)));
    follower.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(err).toBe('');
  });

  it('--help alone prints the usage and the exit codes on stdout, exit 0', async () => {
    const res = await dt(['logs', '--help']);
    expect(res.exitCode).toBe(0);
    expect(res.stdout).toMatch(/^usage: dt logs dir [^]*exit codes: 0, 100 usage, 111 no log directory or unreadable$/);
  });

  it('fails with 111 when there is no log directory, and 100 on bad usage', async () => {
    expect(await dt(['logs', '/nonexistent/dt-logs'])).toMatchObject({
      exitCode: 111,
      stdout: '',
      stderr: 'dt logs: fatal: unable to find a log directory in /nonexistent/dt-logs',
    });
    const usage = 'dt logs: usage: dt logs dir [--follow] [--since @label|YYYY-MM-DD[THH:MM:SS]|Ns|Nm|Nh|Nd]';
    for (const args of [[], ['a', '--bogus']]) {
      expect(await dt(['logs', ...args])).toMatchObject({ exitCode: 100, stdout: '', stderr: usage });
    }
    // issue 13 item 9: two directories, or a bad --since, get a line saying what is wrong
    expect(await dt(['logs', 'a', 'b'])).toMatchObject({ exitCode: 100, stdout: '', stderr: usage.replace('usage: ', 'usage: one directory at a time (2 given): ') });
    expect(await dt(['logs', 'a', '--since', 'whenever'])).toMatchObject({ exitCode: 100, stdout: '', stderr: 'dt logs: usage: --since: not a label, date or duration: whenever' });
  });
});
