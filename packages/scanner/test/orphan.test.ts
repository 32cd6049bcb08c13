import { afterEach, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { processStartTime } from '@dt/posix';
import { readSidecarFile, readStatusFile, writeSidecarFile } from '@dt/supervise-protocol';
import { findOrphan } from '../src/orphan.js';
import type { Supervisor } from '../src/supervisor.js';
import { Harness, nextEvent } from './supervisor-harness.js';
import { isAlive, procState, waitFor } from './supervisor-helpers.js';

const harness = new Harness();
afterEach(() => harness.cleanup());

const gone = (pid: number) => !isAlive(pid) || procState(pid) === 'Z';

/** The grandchild a run-group-stubborn ./run leaves (its pid file is written after the TERM trap), stopped after the test. */
async function trackGrandchild(dir: string): Promise<number> {
  const pid = await waitFor('grandchild', () => Number(readFileSync(join(dir, 'grandchild'), 'utf8')) || undefined);
  harness.track(pid);
  return pid;
}

/** Start a supervisor on dir, then let go of it as a killed svscan would, with its recorded supervisor dead. */
async function leaveOrphan(dir: string): Promise<number> {
  const { s, pid } = await harness.up(dir);
  s.close();
  const dead = spawnSync('true').pid!;
  const side = readSidecarFile(dir)!;
  expect(side.startTime).toBe(processStartTime(pid));
  writeSidecarFile(dir, { ...side, supervisorPid: dead, supervisorStartTime: 1 });
  return pid;
}

describe('orphans of a dead supervisor (never two copies)', () => {
  it('records the kernel start times in dt-status.json, and a live supervisor leaves no orphan', async () => {
    const dir = harness.service('run-sleep');
    const { s, pid } = await harness.up(dir);
    const side = readSidecarFile(dir)!;
    expect(side).toMatchObject({ pid, startTime: processStartTime(pid), supervisorPid: process.pid, supervisorStartTime: processStartTime(process.pid) });
    s.close();
    expect(findOrphan(dir)).toBeUndefined(); // its supervisor (this process) lives
  });

  it('stops the orphan (TERM) before starting ./run: one copy', async () => {
    const dir = harness.service('run-sleep');
    const old = await leaveOrphan(dir);
    expect(findOrphan(dir)).toMatchObject({ pid: old, group: false });
    const warnings: string[] = [];
    const s = harness.supervise(dir, warnings);
    const started = nextEvent(s, 'start');
    await s.start();
    expect(s.state).toBe('reclaiming');
    expect(readStatusFile(dir).pid).toBe(0);
    const [pid] = await started;
    expect(gone(old)).toBe(true);
    expect(pid).not.toBe(old);
    expect(readStatusFile(dir).pid).toBe(pid);
    expect(warnings.join('\n')).toContain(`stopping process ${old} left running by a dead supervisor`);
  });

  it('escalates to KILL after timeout-kill for an orphan that ignores TERM, its whole group with it', async () => {
    const dir = harness.service('run-group-stubborn');
    writeFileSync(join(dir, 'dt-process-group'), '1\n');
    writeFileSync(join(dir, 'timeout-kill'), '300\n');
    const old = await leaveOrphan(dir);
    const grandchild = await trackGrandchild(dir);
    expect(readSidecarFile(dir)?.processGroup).toBe(true);
    const s = harness.supervise(dir);
    const started = nextEvent(s, 'start');
    await s.start();
    expect(s.state).toBe('reclaiming');
    await started;
    expect(gone(old)).toBe(true);
    expect(gone(grandchild)).toBe(true);
  });

  it('adopts the orphan when DIR/dt-orphan says adopt: status shows its pid, its exit is seen through the pidfd', async () => {
    const dir = harness.service('run-sleep');
    writeFileSync(join(dir, 'dt-orphan'), 'adopt\n');
    const old = await leaveOrphan(dir);
    const s: Supervisor = harness.supervise(dir);
    await s.start();
    expect(s.state).toBe('up');
    expect(s.pid).toBe(old);
    expect(readStatusFile(dir)).toMatchObject({ pid: old, want: 'up' });
    const exited = nextEvent(s, 'exit');
    const restarted = nextEvent(s, 'start');
    s.control('t'); // through the pidfd
    expect((await exited)[0]).toMatchObject({ pid: old, code: null, signal: null });
    const [pid] = await restarted;
    expect(pid).not.toBe(old);
  });
});

describe('process groups and the kill escalation', () => {
  it('d escalates to KILL after timeout-kill, for ./run and what it left in its group', async () => {
    const dir = harness.service('run-group-stubborn');
    writeFileSync(join(dir, 'dt-process-group'), '');
    writeFileSync(join(dir, 'timeout-kill'), '200');
    const warnings: string[] = [];
    const { s, pid } = await harness.up(dir, warnings);
    const grandchild = await trackGrandchild(dir);
    expect(s.processGroup).toBe(true);
    const exited = nextEvent(s, 'exit');
    s.control('d');
    expect((await exited)[0]).toMatchObject({ pid, signal: 'SIGKILL' });
    await waitFor('grandchild gone', () => gone(grandchild), 5000);
    expect(warnings.join('\n')).toContain('still up after TERM, sending KILL');
  });

  it('without timeout-kill, d is 0.76 d: TERM and CONT to ./run only, never KILL', async () => {
    const dir = harness.service('run-group-stubborn');
    const { s, pid } = await harness.up(dir);
    // TERM only once ./run ignores it (its trap runs before the grandchild's pid is written)
    await trackGrandchild(dir);
    expect(s.processGroup).toBe(false);
    s.control('d');
    await new Promise((r) => setTimeout(r, 300)); // the behaviour under test is that nothing happens
    expect(isAlive(pid)).toBe(true);
    expect(s.pid).toBe(pid);
  });

  it('terminate() escalates with the supervisor default when there is no timeout-kill, and exits', async () => {
    const dir = harness.service('run-group-stubborn');
    const { s } = await harness.up(dir, [], { killTimeoutMs: 200 });
    // the grandchild it leaves (outside any group of ./run's) is this test's to stop afterwards
    await trackGrandchild(dir);
    const done = nextEvent(s, 'done');
    s.terminate();
    await done;
    expect(s.isDone).toBe(true);
  });
});
