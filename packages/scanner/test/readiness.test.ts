import { afterEach, describe, expect, it } from '@jest/globals';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readSidecarFile, readStatusBytes, readStatusFile } from '@dt/supervise-protocol';
import { readNotificationFd } from '@dt/supervise-protocol';
import { Harness, nextEvent } from './supervisor-harness.js';
import { readLines, waitFor } from './supervisor-helpers.js';

const h = new Harness();
afterEach(() => h.cleanup());

describe('readNotificationFd', () => {
  it('reads N >= 3, nothing when absent, invalid otherwise', () => {
    const dir = h.service(undefined);
    expect(readNotificationFd(dir)).toBeUndefined();
    writeFileSync(join(dir, 'notification-fd'), '3\n');
    expect(readNotificationFd(dir)).toEqual({ fd: 3 });
    for (const bad of ['x\n', '1\n', '-4', '']) {
      writeFileSync(join(dir, 'notification-fd'), bad);
      expect(readNotificationFd(dir)).toHaveProperty('invalid');
    }
  });
});

describe('Supervisor readiness (notification-fd, s6 convention) and dt-status.json', () => {
  it('is ready only when the service writes a newline on fd N; the 18-byte status does not change', async () => {
    const dir = h.service('run-notify');
    writeFileSync(join(dir, 'notification-fd'), '3\n');
    const { s, pid } = await h.up(dir);
    const fds = await waitFor('fds recorded', () => readLines(join(dir, 'fds')).length === 3 && readLines(join(dir, 'fds')));
    expect(fds[0]).toMatch(/^fd3 pipe:\[\d+\]$/);
    expect(fds.slice(1)).toEqual(['fd4 closed', 'fd5 closed']);
    expect(s.ready).toBe(false);
    expect(readSidecarFile(dir)).toMatchObject({ version: 1, pid, ready: false, readyAt: null, supervisorPid: process.pid, restarts: 0, lastExit: null });
    const status = readStatusBytes(dir);
    const ready = nextEvent(s, 'ready');
    writeFileSync(join(dir, 'go'), '');
    expect(await ready).toEqual([pid]);
    expect(s.ready).toBe(true);
    const side = readSidecarFile(dir)!;
    expect(side).toMatchObject({ pid, ready: true });
    expect(Date.parse(side.readyAt!)).toBeGreaterThanOrEqual(Date.parse(side.startedAt!));
    expect(readStatusBytes(dir)).toEqual(status);
  });

  it('passes the pipe on a higher fd, leaving the ones below closed', async () => {
    const dir = h.service('run-notify');
    writeFileSync(join(dir, 'notification-fd'), '5');
    const s = h.supervise(dir);
    await s.start();
    const fds = await waitFor('fds recorded', () => readLines(join(dir, 'fds')).length === 3 && readLines(join(dir, 'fds')));
    expect(fds[0]).toBe('fd3 closed');
    expect(fds[1]).toBe('fd4 closed');
    expect(fds[2]).toMatch(/^fd5 pipe:\[\d+\]$/);
    const ready = nextEvent(s, 'ready');
    writeFileSync(join(dir, 'go'), '');
    await ready;
    expect(readSidecarFile(dir)?.ready).toBe(true);
  });

  it('without notification-fd the service is ready as soon as it is up', async () => {
    const dir = h.service('run-sleep');
    const { s, pid } = await h.up(dir, [], {}, 'ready');
    expect(readSidecarFile(dir)).toMatchObject({ pid, ready: true });
    expect(readSidecarFile(dir)?.readyAt).toBe(readSidecarFile(dir)?.startedAt);
  });

  it('an invalid notification-fd is warned about and ignored (ready = up)', async () => {
    const dir = h.service('run-sleep');
    writeFileSync(join(dir, 'notification-fd'), 'two\n');
    const warnings: string[] = [];
    const { s } = await h.up(dir, warnings, {}, 'ready');
    expect(warnings).toEqual([`supervise: warning: invalid ${dir}/notification-fd: not a number`]);
  });

  it('records restarts, the last exit and readiness lost on exit; pid always equals the status pid', async () => {
    const dir = h.service('run-sleep');
    const { s, pid } = await h.up(dir);
    const exited = nextEvent(s, 'exit');
    const restarted = nextEvent(s, 'start');
    s.control('k');
    await exited;
    const down = readSidecarFile(dir)!;
    expect(down).toMatchObject({ pid: 0, ready: false, readyAt: null, restarts: 0 });
    expect(down.lastExit).toMatchObject({ code: null, signal: 'SIGKILL' });
    const [pid2] = await restarted;
    expect(pid2).not.toBe(pid);
    const up = readSidecarFile(dir)!;
    expect(up).toMatchObject({ pid: pid2, ready: true, restarts: 1 });
    expect(up.pid).toBe(readStatusFile(dir).pid);
    expect(s.restarts).toBe(1);
  });
});
