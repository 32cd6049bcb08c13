// dt wait up|ready|down dir ... [--timeout S] over the real /usr/bin/supervise: exit 0 reached, 1 timed out
// (one warning per directory with its state), 100 usage, 111 a directory that cannot be read.
import { afterEach, describe, expect, it } from '@jest/globals';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { dt } from './helpers/dt-command.js';
import { waitFor } from './helpers/poll.js';
import { cleanup, serviceDir as makeServiceDir, supervise } from './helpers/supervised-dir.js';

afterEach(cleanup);

const serviceDir = (files: Record<string, string> = {}) => makeServiceDir('dt-wait-', files);
/** stderr without the progress lines a wait longer than a second prints (`dt wait: waiting for ...`). */
const withoutProgress = (stderr: string) => stderr.split('\n').filter((l) => l && !l.startsWith('dt wait: waiting for ')).join('\n');

describe('dt wait', () => {
  it('up: returns 0 once every directory is up (supervisors started alongside the wait)', async () => {
    const a = serviceDir();
    const b = serviceDir();
    const waiting = dt(['wait', 'up', a, b, '--timeout', '20']);
    supervise(a);
    supervise(b);
    const res = await waiting;
    expect(res).toMatchObject({ exitCode: 0, stdout: '' });
    expect(withoutProgress(res.stderr)).toBe('');
  });

  it('ready: without notification-fd ready is up; down: after svc -d', async () => {
    const a = serviceDir();
    supervise(a);
    expect((await dt(['wait', 'ready', a, '--timeout', '10'])).exitCode).toBe(0);
    const waiting = dt(['wait', 'down', a, '-t', '10']);
    writeFileSync(join(a, 'supervise', 'control'), 'd');
    const res = await waiting;
    expect(res.exitCode).toBe(0);
    expect(withoutProgress(res.stderr)).toBe('');
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

  it('with no supervisor running, says so on stderr after a second and keeps waiting (issue 13 item 6)', async () => {
    const d = serviceDir();
    let stderr = '';
    const waiting = dt(['wait', 'ready', d, '--timeout', '60']);
    waiting.stderr!.on('data', (b: Buffer) => (stderr += b.toString()));
    await waitFor('the progress line', () => stderr.includes('\n'), 20_000);
    expect(stderr).toMatch(new RegExp(`^dt wait: waiting for ${d}: supervise not running \\(\\d+\\.\\d s\\)\n`));
    supervise(d); // still waiting: the supervisor arrives, the service is up, hence ready
    const res = await waiting;
    expect(res).toMatchObject({ exitCode: 0, stdout: '' });
    for (const line of res.stderr.split('\n')) expect(line).toMatch(new RegExp(`^dt wait: waiting for ${d}: .* \\(\\d+\\.\\d s\\)$`));
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

  it.each([
    ['soon', '"soon"'],
    ['99999999999999999', '"99999999999999999"'], // issue 13 item 5: was a 1 ms timer claiming 1e17 seconds
    ['2147484', '"2147484"'], // the first second setTimeout cannot hold
    ['', '""'],
    ['Infinity', '"Infinity"'],
  ])('--timeout %s is a usage error naming the value, before any wait', async (value, shown) => {
    const res = await dt(['wait', 'up', '/nonexistent/x', '--timeout', value]);
    expect(res).toMatchObject({ exitCode: 100, stdout: '', stderr: `dt wait: usage: --timeout takes seconds from 0 to 2147483, not ${shown}` });
  });

  it.each([[[]], [['up']], [['sideways', 'x']], [['up', 'x', '--timeout', '-1']], [['up', 'x', '--bogus']]])(
    'usage %j: exit 100',
    async (args) => {
      const res = await dt(['wait', ...args]);
      expect(res).toMatchObject({ exitCode: 100, stdout: '', stderr: 'dt wait: usage: dt wait up|ready|down dir ... [--timeout seconds]' });
    },
  );
});
