// The path from an exit to the next start (issue 14, decision 0018 "The restart path"): the exit's
// dt-status.json write is left to the start that follows at once, the crash policy files are read once for
// that start, and the system clock's 0 ms timer is an immediate, not Node's 1 ms setTimeout.
import { afterEach, describe, expect, it } from '@jest/globals';
import { mkdirSync, readFile, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readSidecarFile, readStatusFile, sidecarPathOf } from '@dt/supervise-protocol';
import { systemClock } from '../src/supervisor-clock.js';
import { SidecarWriter } from '../src/sidecar-writer.js';
import { closeFakeSupervised, fakeSupervised } from './fake-supervision.js';
import { makeService, removeTree } from './supervisor-helpers.js';

const roots: string[] = [];
afterEach(() => {
  closeFakeSupervised();
  for (const r of roots.splice(0)) removeTree(r);
});


describe('an exit followed at once by a restart', () => {
  it('writes status (down) at the exit, and the sidecar once, after the new pid is in status', async () => {
    const { s, dir, clock, launcher } = fakeSupervised();
    await s.start();
    const first = launcher.last.pid;
    clock.advance(1500); // up over a second: the restart is due at once
    const before = readSidecarFile(dir);
    expect(before).toMatchObject({ pid: first, lastExit: null });
    rmSync(sidecarPathOf(dir)); // any write before the restart would bring it back

    launcher.last.die(null, 'SIGKILL');
    // the exit is in status, as 0.76 announces it; the restart waits for the next turn (a 0 ms timer)
    expect(readStatusFile(dir)).toMatchObject({ pid: 0, want: 'up' });
    expect(s.state).toBe('waiting');
    expect(() => statSync(sidecarPathOf(dir))).toThrow();
    expect(clock.pending).toBe(1);

    clock.advance(0);
    const second = launcher.last.pid;
    expect(second).not.toBe(first);
    expect(readStatusFile(dir)).toMatchObject({ pid: second });
    // one write: the new pid, with the exit that caused the restart
    expect(readSidecarFile(dir)).toMatchObject({ pid: second, restarts: 1, lastExit: { code: null, signal: 'SIGKILL' } });
  });

  it('writes the sidecar at the exit when the restart has to wait (its second, a back-off)', async () => {
    const { s, dir, launcher } = fakeSupervised();
    await s.start();
    launcher.last.die(1); // inside the first second: the restart waits for it
    expect(s.state).toBe('waiting');
    expect(readSidecarFile(dir)).toMatchObject({ pid: 0, lastExit: { code: 1, signal: null } });
  });

  it('a d before the restart turn writes what the exit changed', async () => {
    const { s, dir, clock, launcher } = fakeSupervised();
    await s.start();
    clock.advance(1500);
    launcher.last.die(2);
    s.control('d');
    expect(s.state).toBe('down');
    expect(readSidecarFile(dir)).toMatchObject({ pid: 0, lastExit: { code: 2 } });
    expect(readStatusFile(dir)).toMatchObject({ pid: 0, want: 'down' });
    clock.advance(10);
    expect(launcher.children.length).toBe(1);
  });

  it('reads the crash policy files once for that start, and again for the next one', async () => {
    const { s, dir, clock, launcher } = fakeSupervised();
    await s.start();
    clock.advance(1500);
    launcher.last.die(1);
    // written between the exit and its restart turn: this start keeps what the exit read
    writeFileSync(join(dir, 'dt-crash-burst'), '0\n');
    clock.advance(0);
    expect(launcher.children.length).toBe(2);
    // the next exit reads it: no quick death is forgiven any more, the restart backs off
    clock.advance(100);
    launcher.last.die(1);
    expect(s.failing).toBe(true);
    expect(s.state).toBe('waiting');
    clock.advance(900);
    expect(launcher.children.length).toBe(2);
  });
});

describe('SidecarWriter.hold', () => {
  it('leaves the batch that holds unwritten, and the next batch writes both changes once', () => {
    const writes: number[] = [];
    const { root, dir } = makeService('run-sleep');
    roots.push(root);
    let pid = 1;
    const w = new SidecarWriter(
      dir,
      () =>
        ({
          version: 1,
          pid,
          supervisorPid: process.pid,
          startedAt: null,
          ready: false,
          readyAt: null,
          restarts: 0,
          lastExit: null,
          startTime: null,
          supervisorStartTime: null,
          processGroup: false,
          failing: false,
          nextStartAt: null,
        }) as never,
      () => {},
    );
    mkdirSync(join(dir, 'supervise'));
    w.batch(() => {
      pid = 0;
      w.changed();
      w.hold();
    });
    expect(() => statSync(sidecarPathOf(dir))).toThrow();
    w.batch(() => {
      pid = 7;
      w.changed();
    });
    writes.push(readSidecarFile(dir)!.pid);
    // hold outside a batch does nothing
    w.hold();
    pid = 8;
    w.changed();
    writes.push(readSidecarFile(dir)!.pid);
    expect(writes).toEqual([7, 8]);
  });
});

describe('systemClock', () => {
  it('runs a 0 ms timer as an immediate (in the turn that armed it, before any timer), and clears it', async () => {
    const order: string[] = [];
    await new Promise<void>((resolve) => {
      // armed from an I/O callback (the poll phase, where exits are learnt): an immediate runs in this
      // turn's check phase, before the timers phase of the next, whatever the time taken
      readFile(fileURLToPath(import.meta.url), () => {
        setTimeout(() => {
          order.push('timeout 0');
          resolve();
        }, 0);
        const cancelled = systemClock.setTimeout(() => order.push('cancelled'), 0);
        systemClock.setTimeout(() => order.push('immediate'), 0);
        systemClock.clearTimeout(cancelled);
      });
    });
    expect(order[0]).toBe('immediate');
    expect(order).not.toContain('cancelled');
    const t = systemClock.setTimeout(() => order.push('late'), 5);
    systemClock.clearTimeout(t);
    await new Promise((r) => setTimeout(r, 20));
    expect(order).not.toContain('late');
  });
});
