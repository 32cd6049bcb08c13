// signalServiceGroup over a fake supervise (FIFOs held by this process) whose status and dt-status.json name a
// real process group started here (a detached shell and its child): the group gets the signal only when
// everything says the pid still leads it.
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readProcStat } from '@dt/posix';
import { waitFor } from '@dt/test-support';
import { NoProcessGroupError, NotSupervisedError, signalServiceGroup } from '../src/index.js';
import { writeSidecarFile, type StatusSidecar } from '../src/sidecar.js';
import { writeStatusFile } from '../src/status-file.js';
import { tai64nNow } from '@dt/tai64';
import { type FakeSupervise, freshFakeSupervise, removeFakeSupervise } from './helpers.js';

let root: string;
let sv: FakeSupervise;
let leader: ChildProcess | undefined;

beforeEach(() => {
  ({ root, sv } = freshFakeSupervise('dt-group-signal-', { hold: true }));
});
afterEach(async () => {
  if (leader?.pid && leader.exitCode === null && leader.signalCode === null) {
    try {
      process.kill(-leader.pid, 'SIGKILL');
    } catch {
      // gone
    }
    await new Promise((r) => leader!.once('exit', r));
  }
  leader = undefined;
  removeFakeSupervise(root, sv);
});

/** A group leader (sh) with a child (sh) in its group; each writes its name to DIR/got-NAME on USR1. */
async function startGroup(): Promise<number> {
  const script = `trap 'echo > got-leader' USR1; sh -c 'trap "echo > got-child; exit 0" USR1; echo > child-ready; while :; do sleep 1; done' & while :; do sleep 1; done`;
  leader = spawn('/bin/sh', ['-c', script], { cwd: sv.dir, detached: true, stdio: 'ignore' });
  await waitFor('the child', () => existsSync(join(sv.dir, 'child-ready')));
  return leader.pid!;
}

function record(pid: number, over: Partial<StatusSidecar> = {}): void {
  writeStatusFile(sv.dir, { stamp: tai64nNow(), pid, paused: false, want: 'up' });
  writeSidecarFile(sv.dir, {
    version: 1, pid, supervisorPid: process.pid, startedAt: null, ready: true, readyAt: null, restarts: 0, lastExit: null,
    startTime: readProcStat(pid)?.startTime ?? null, processGroup: true, ...over,
  });
}

describe('signalServiceGroup', () => {
  it('signals the leader and the rest of its group, and resolves with the group id', async () => {
    const pid = await startGroup();
    record(pid);
    await expect(signalServiceGroup(sv.dir, 'SIGUSR1')).resolves.toBe(pid);
    await waitFor('both got USR1', () => existsSync(join(sv.dir, 'got-leader')) && existsSync(join(sv.dir, 'got-child')));
  });

  it.each([
    ['down', 0, {}, 'it is down'],
    ['no group', -1, { processGroup: false }, 'it has none (dt-process-group is not set)'],
    ['a sidecar of another pid', -1, { pid: 1 }, 'its supervisor does not record one (not dt)'],
    ['another start time (pid reused)', -1, { startTime: 1 }, 'no longer leads it'],
  ])('%s: NoProcessGroupError, nothing sent', async (_what, pidOver, over, why) => {
    const pid = await startGroup();
    record(pidOver === 0 ? 0 : pid, over);
    const e = await signalServiceGroup(sv.dir, 'SIGUSR1').catch((x: unknown) => x);
    expect(e).toBeInstanceOf(NoProcessGroupError);
    expect((e as Error).message).toContain(`unable to signal the process group of ${sv.dir}: `);
    expect((e as Error).message).toContain(why);
    expect(existsSync(join(sv.dir, 'got-leader')) || existsSync(join(sv.dir, 'got-child'))).toBe(false);
  });

  it('a pid that does not lead a group: NoProcessGroupError', async () => {
    const member = spawn('sleep', ['100'], { stdio: 'ignore' }); // in this process's group, leading none
    try {
      record(member.pid!);
      expect(readProcStat(member.pid!)!.pgrp).not.toBe(member.pid);
      await expect(signalServiceGroup(sv.dir, 'SIGUSR1')).rejects.toThrow(`pid ${member.pid} no longer leads it`);
    } finally {
      member.kill('SIGKILL');
      await new Promise((r) => member.once('exit', r));
    }
  });

  it('no supervisor: NotSupervisedError, as svc says it', async () => {
    sv.release();
    await expect(signalServiceGroup(sv.dir, 'SIGTERM')).rejects.toThrow(NotSupervisedError);
    await expect(signalServiceGroup(sv.dir, 'SIGTERM')).rejects.toThrow(`unable to control ${sv.dir}: supervise not running`);
  });
});
