// dt wait up|ready|down dir ... [--timeout S] over the real /usr/bin/supervise: exit 0 reached, 1 timed out
// (one warning per directory with its state), 100 usage, 111 a directory that cannot be read.
import { afterEach, describe, expect, it } from '@jest/globals';
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';

const BIN_DIR = process.env.DT_E2E_BIN_DIR ?? fileURLToPath(new URL('../../dist/bin/', import.meta.url));
// NO_COLOR as the e2e convention; FORCE_COLOR (set by jest in a terminal) dropped, or Node warns about both.
const ENV: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
delete ENV.FORCE_COLOR;
const DT = join(BIN_DIR, 'dt.js');
const need = (p: string, hint: string) => {
  if (!existsSync(p)) throw new Error(`${p} is missing: ${hint}`);
  return p;
};
const dt = (args: string[]) =>
  execa(process.execPath, [need(DT, 'cd packages/cli && npx tsup'), ...args], { reject: false, env: ENV, extendEnv: false });

const dirs: string[] = [];
const supervisors: ChildProcess[] = [];
afterEach(async () => {
  for (const s of supervisors.splice(0)) {
    try {
      const pid = readFileSync(join(s.spawnargs[1]!, 'supervise', 'status')).readUInt32LE(12);
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
});

function serviceDir(files: Record<string, string> = {}): string {
  const d = mkdtempSync(join(tmpdir(), 'dt-wait-'));
  dirs.push(d);
  writeFileSync(join(d, 'run'), '#!/bin/sh\nexec sleep 1000\n');
  chmodSync(join(d, 'run'), 0o755);
  for (const [n, t] of Object.entries(files)) writeFileSync(join(d, n), t);
  return d;
}

function supervise(dir: string): ChildProcess {
  const sup = spawn(need('/usr/bin/supervise', 'apt-get install daemontools'), [dir], { stdio: 'ignore' });
  supervisors.push(sup);
  return sup;
}

describe('dt wait', () => {
  it('up: returns 0 once every directory is up (supervisors started alongside the wait)', async () => {
    const a = serviceDir();
    const b = serviceDir();
    const waiting = dt(['wait', 'up', a, b, '--timeout', '20']);
    supervise(a);
    supervise(b);
    expect(await waiting).toMatchObject({ exitCode: 0, stdout: '', stderr: '' });
  });

  it('ready: without notification-fd ready is up; down: after svc -d', async () => {
    const a = serviceDir();
    supervise(a);
    expect((await dt(['wait', 'ready', a, '--timeout', '10'])).exitCode).toBe(0);
    const waiting = dt(['wait', 'down', a, '-t', '10']);
    writeFileSync(join(a, 'supervise', 'control'), 'd');
    expect(await waiting).toMatchObject({ exitCode: 0, stderr: '' });
  });

  it('times out with exit 1 and one warning per directory not there, saying its state', async () => {
    const up = serviceDir({ 'notification-fd': '3' });
    supervise(up);
    expect((await dt(['wait', 'up', up, '--timeout', '10'])).exitCode).toBe(0);
    const never = serviceDir();
    const res = await dt(['wait', 'ready', up, never, '--timeout', '0.3']);
    expect(res.exitCode).toBe(1);
    expect(res.stdout).toBe('');
    expect(res.stderr.split('\n')).toEqual([
      expect.stringMatching(new RegExp(`^dt wait: warning: ${up} is not ready after 0.3 seconds: up \\(pid \\d+\\), not ready$`)),
      `dt wait: warning: ${never} is not ready after 0.3 seconds: supervise not running`,
    ]);
  });

  it('--help alone prints the usage and the exit codes on stdout, exit 0', async () => {
    const res = await dt(['wait', '--help']);
    expect(res.exitCode).toBe(0);
    expect(res.stdout.split('\n')[0]).toBe('usage: dt wait up|ready|down dir ... [--timeout seconds]');
    expect(res.stdout).toContain('exit codes: 0 reached, 1 timed out, 100 usage, 111 a directory cannot be read');
  });

  it('exits 111 at once for a directory that cannot be read', async () => {
    const res = await dt(['wait', 'up', '/nonexistent/dt-wait', '--timeout', '30']);
    expect(res).toMatchObject({ exitCode: 111, stdout: '', stderr: 'dt wait: fatal: unable to chdir to /nonexistent/dt-wait: file does not exist' });
  });

  it.each([[[]], [['up']], [['sideways', 'x']], [['up', 'x', '--timeout', 'soon']], [['up', 'x', '--timeout', '-1']], [['up', 'x', '--bogus']]])(
    'usage %j: exit 100',
    async (args) => {
      const res = await dt(['wait', ...args]);
      expect(res).toMatchObject({ exitCode: 100, stdout: '', stderr: 'dt wait: usage: dt wait up|ready|down dir ... [--timeout seconds]' });
    },
  );
});
