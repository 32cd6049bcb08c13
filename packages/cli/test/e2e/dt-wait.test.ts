// dt wait up|ready|down dir ... [--timeout S] over the real /usr/bin/supervise: exit 0 reached, 1 timed out
// (one warning per directory with its state), 100 usage, 111 a directory that cannot be read.
import { afterEach, describe, expect, it } from '@jest/globals';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { dt } from './helpers/dt-command.js';
import { cleanup, serviceDir as makeServiceDir, supervise } from './helpers/supervised-dir.js';

afterEach(cleanup);

const serviceDir = (files: Record<string, string> = {}) => makeServiceDir('dt-wait-', files);

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
