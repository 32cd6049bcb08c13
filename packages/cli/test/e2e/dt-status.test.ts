// dt status [--json] over the real /usr/bin/supervise: the plain line is svstat's own line (checked against
// /usr/bin/svstat) plus what dt knows (readiness, restarts, last exit from the sidecar); --json is one
// object per line in the documented shape.
import { afterEach, describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { DT, dt, ENV } from './helpers/dt-command.js';
import { cleanup, serviceDir as makeServiceDir, serviceStarted, supervise, supervised } from './helpers/supervised-dir.js';

afterEach(cleanup);

const serviceDir = (files: Record<string, string> = {}) => makeServiceDir('dt-status-', files);

const mask = (s: string) => s.replace(/\d+ seconds/g, 'N seconds');

describe('dt status', () => {
  it('prints exactly what the real svstat prints when dt knows nothing more', async () => {
    const d = serviceDir();
    await supervised(d);
    const never = serviceDir();
    const real = await execa('/usr/bin/svstat', [d, never, '/nonexistent/x'], { reject: false });
    const ours = await dt(['status', '--svstat', d, never, '/nonexistent/x']);
    expect(mask(ours.stdout)).toBe(mask(real.stdout));
    expect(ours.stderr).toBe('');
    expect(ours.exitCode).toBe(111); // one directory could not be read
  });

  it('adds readiness, restarts and last exit when a notification-fd or a matching sidecar says so', async () => {
    const d = serviceDir({ 'notification-fd': '3' });
    const pid = await supervised(d);
    const notReady = await dt(['status', '--svstat', d]);
    expect(notReady.exitCode).toBe(0);
    expect(notReady.stdout).toMatch(new RegExp(`^${d}: up \\(pid ${pid}\\) \\d+ seconds, not ready$`));

    const readyAt = new Date(Date.now() - 3000).toISOString();
    writeFileSync(
      join(d, 'supervise', 'dt-status.json'),
      JSON.stringify({ version: 1, pid, supervisorPid: 4242, startedAt: readyAt, ready: true, readyAt, restarts: 2, lastExit: { code: 1, signal: null, at: readyAt } }),
    );
    const ready = await dt(['status', '--svstat', d]);
    expect(ready.exitCode).toBe(0);
    expect(ready.stdout).toMatch(new RegExp(`^${d}: up \\(pid ${pid}\\) \\d+ seconds, ready [34] seconds, 2 restarts, last exit code 1$`));

    const json = await dt(['status', '--json', d]);
    expect(json.exitCode).toBe(0);
    const r = JSON.parse(json.stdout) as Record<string, unknown>;
    expect(r).toEqual({
      dir: d,
      state: 'up',
      supervised: true,
      pid,
      seconds: expect.any(Number),
      since: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      paused: false,
      want: 'up',
      normallyUp: true,
      ready: true,
      readiness: 'notification-fd',
      readyAt,
      startedAt: readyAt,
      restarts: 2,
      lastExit: { code: 1, signal: null, at: readyAt },
      supervisorPid: 4242,
      failing: null,
      nextStartAt: null,
      error: null,
    });
    expect(Math.abs(Date.parse(r.since as string) - Date.now())).toBeLessThan(60000);
  });

  it('--json: one object per directory, per line, errors included', async () => {
    const d = serviceDir({ down: '' });
    const res = await dt(['status', '--json', d, '/nonexistent/x']);
    expect(res.exitCode).toBe(111);
    const [a, b] = res.stdout.split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(a).toMatchObject({ dir: d, state: 'error', supervised: false, error: { message: 'unable to open supervise/ok: file does not exist', errno: 'ENOENT' } });
    expect(b).toMatchObject({ dir: '/nonexistent/x', state: 'error', normallyUp: null, error: { message: 'unable to chdir: file does not exist', errno: 'ENOENT' } });
  });

  it('reports a supervisor that exited (svc -dx) as not running', async () => {
    const d = serviceDir();
    const sup = supervise(d);
    await serviceStarted(d);
    const gone = new Promise((r) => sup.once('exit', r));
    writeFileSync(join(d, 'supervise', 'control'), 'dx');
    await gone;
    const res = await dt(['status', '--json', d]);
    expect(JSON.parse(res.stdout)).toMatchObject({ state: 'not-running', supervised: false, pid: null, ready: false, normallyUp: true });
    expect((await dt(['status', '--svstat', d])).stdout).toBe(`${d}: supervise not running`);
  });

  it('--help alone prints the usage and the exit codes on stdout, exit 0', async () => {
    const res = await dt(['status', '--help']);
    expect(res.exitCode).toBe(0);
    expect(res.stdout).toMatch(/^usage: dt status \[--json\|--svstat\] \[dir \.\.\.\]\n[^]*exit codes: 0 every directory read, 100 usage, 111 a directory cannot be read$/);
  });

  it('a table by default; with no directory, the services of DT_SCANDIR or of the current directory (issue 13)', async () => {
    const scan = mkdtempSync(join(tmpdir(), 'dt-status-scan-'));
    try {
      const web = serviceDir();
      const pid = await supervised(web);
      symlinkSync(web, join(scan, 'web'));
      mkdirSync(join(scan, 'idle'));
      writeFileSync(join(scan, 'idle', 'run'), '#!/bin/sh\n');
      mkdirSync(join(scan, 'not-a-service')); // no run, no supervise/: not listed
      const header = 'NAME  STATE          PID';
      const fromEnv = await execa(process.execPath, [DT, 'status'], { reject: false, env: { ...ENV, DT_SCANDIR: scan }, extendEnv: false });
      const fromCwd = await dt(['status'], scan);
      for (const r of [fromEnv, fromCwd]) {
        expect(r.stderr).toBe('');
        expect(r.exitCode).toBe(0);
        const lines = r.stdout.split('\n');
        expect(lines[0]).toMatch(new RegExp(`^${header.replace(/ +/g, ' +')} +UPTIME +RESTARTS +READY +LAST EXIT +FAILING$`));
        expect(lines[1]).toMatch(/^idle +no supervisor +- +- +- +- +- +-$/);
        expect(lines[2]).toMatch(new RegExp(`^web +up +${pid} +\\d+s +- +yes +- +no$`));
        expect(lines).toHaveLength(3);
        expect(r.stdout).not.toContain('\x1b'); // not a TTY: no colour
      }
      const missing = await execa(process.execPath, [DT, 'status'], { reject: false, env: { ...ENV, DT_SCANDIR: '/nonexistent/dt-status' }, extendEnv: false });
      expect(missing).toMatchObject({ exitCode: 111, stdout: '', stderr: 'dt status: fatal: unable to open /nonexistent/dt-status: file does not exist' });
    } finally {
      rmSync(scan, { recursive: true, force: true });
    }
  });

  it.each([
    [['--json', '--svstat', 'x'], 'two output forms'],
    [['--bogus', 'x'], 'an unknown option'],
  ])('usage %#: exit 100 with the usage line (%s)', async (args) => {
    const res = await dt(['status', ...args]);
    expect(res).toMatchObject({ exitCode: 100, stdout: '', stderr: 'dt status: usage: dt status [--json|--svstat] [dir ...]' });
  });
});
