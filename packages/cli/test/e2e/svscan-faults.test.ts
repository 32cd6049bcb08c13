// Supervision that survives its own faults (issue 12), end to end against svscan: the scanner SIGSTOPped
// for 10 s, a status write failing with ENOSPC for one service, a bad notification-fd. Each time: one copy
// of every service, no line lost, the others unaffected, svscan still running and answering.
import { afterEach, describe, expect, it } from '@jest/globals';
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync, readdirSync, rmSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readStatusFile, sendControl } from '@dt/supervise-protocol';
import { isAlive, procState, waitFor } from '@dt/test-support';
import { addService, copiesIn, expectNothingLost, settled, track } from './helpers/orphan-tree.js';
import { install, newRoot, procs, reap } from './helpers/scan-tree.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const SVSCAN = join(HERE, '..', '..', 'dist', 'bin', 'svscan.js');

/** tmpfs mounted by a test: unmounted (lazily) before reap() removes the roots. */
const mounts: string[] = [];
afterEach(async () => {
  for (const p of procs) if (p.exitCode === null && p.signalCode === null) p.kill('SIGKILL');
  for (const m of mounts.splice(0)) {
    try {
      execFileSync('umount', ['-l', m]);
    } catch {
      // already gone
    }
  }
  await reap();
});

function spawnSvscan(root: string): { proc: ChildProcess; err: () => string } {
  const proc = spawn(process.execPath, [SVSCAN, root], { stdio: ['ignore', 'ignore', 'pipe'] });
  procs.push(proc);
  let err = '';
  proc.stderr!.on('data', (c: Buffer) => (err += c.toString()));
  return { proc, err: () => err };
}

async function stopSvscan(proc: ChildProcess): Promise<void> {
  const exited = new Promise((r) => proc.once('exit', r));
  proc.kill('SIGTERM');
  await exited;
}

/** As expectNothingLost, for a multilog t log (DIR/log/main: its archives in order, then current). */
function expectNothingLostInMultilog(serviceDir: string): number {
  const main = join(serviceDir, 'log', 'main');
  const files = readdirSync(main)
    .filter((f) => f.startsWith('@') && f.endsWith('.s'))
    .sort();
  const text = [...files, 'current'].map((f) => readFileSync(join(main, f), 'utf8')).join('');
  const lines = text.split('\n');
  expect(lines.pop()).toBe('');
  const byPid = new Map<string, number[]>();
  for (const l of lines) {
    const m = /^@[0-9a-f]{24} (\d+) (\d+)$/.exec(l);
    expect(m).not.toBeNull();
    if (!byPid.has(m![1]!)) byPid.set(m![1]!, []);
    byPid.get(m![1]!)!.push(Number(m![2]));
  }
  for (const [pid, ns] of byPid) {
    expect(ns.every((n, i) => n === i + 1)).toBe(true);
    const sent = Number(readFileSync(join(serviceDir, `sent.${pid}`), 'utf8'));
    expect(ns.length).toBeGreaterThanOrEqual(sent);
  }
  return byPid.size;
}

const logSize = (serviceDir: string): number => readFileSync(join(serviceDir, 'log', 'main', 'current')).length;

describe('svscan SIGSTOPped for 10 s', () => {
  it('runs one copy of each service afterwards, loses no line, and answers control letters again', async () => {
    const root = newRoot('dt-sigstop-');
    const fast = { 'timeout-kill': '300\n' };
    // hosted multilog (the recognised form, every archive kept so none is lost to rotation) and cat
    const talker = addService(root, 'talker', 'run-numbered-pid', { log: 'log-multilog-rotating' });
    const chatter = addService(root, 'chatter', 'run-numbered-pid', { log: 'log-cat' });
    const quiet = addService(root, 'quiet', 'run-sleep');
    const stubborn = addService(root, 'stubborn', 'run-ignore-term', { files: fast });
    const forker = addService(root, 'forker', 'run-forker', { files: { ...fast, 'dt-process-group': '1\n' } });
    // the hosted logger runs in the log host (its status pid), not as a process of its own
    const dirs = [talker, chatter, join(chatter, 'log'), quiet, stubborn, forker];
    const { proc, err } = spawnSvscan(root);
    const before = await settled(dirs, proc.pid!);
    const host = await waitFor('the log host', () => readStatusFile(join(talker, 'log')).pid || undefined);
    track(host);
    const grandchild = await waitFor('the grandchild', () => Number(readFileSync(join(forker, 'grandchild'), 'utf8')) || undefined);
    track(grandchild);
    await waitFor('both logs growing', () => logSize(talker) > 2000 && readFileSync(join(chatter, 'log', 'out')).length > 2000);

    process.kill(proc.pid!, 'SIGSTOP');
    try {
      await new Promise((r) => setTimeout(r, 10_000));
      // stopped: nothing was started twice meanwhile
      for (const d of dirs) expect(copiesIn(d)).toEqual([before.get(d)]);
    } finally {
      process.kill(proc.pid!, 'SIGCONT');
    }

    // the same single copy of each, still under this svscan; the grandchild untouched
    const after = await settled(dirs, proc.pid!);
    for (const d of dirs) expect(after.get(d)).toBe(before.get(d));
    expect(readStatusFile(join(talker, 'log')).pid).toBe(host);
    expect(isAlive(grandchild)).toBe(true);
    // the loggers caught up: both logs grow again
    const talkerSize = logSize(talker);
    const chatterSize = readFileSync(join(chatter, 'log', 'out')).length;
    await waitFor('both logs growing again', () => logSize(talker) > talkerSize + 2000 && readFileSync(join(chatter, 'log', 'out')).length > chatterSize + 2000);

    // control letters work again: t restarts quiet, k restarts stubborn, t on a logged service
    await sendControl(quiet, 't');
    await sendControl(stubborn, 'k');
    await sendControl(chatter, 't');
    for (const d of [quiet, stubborn, chatter]) {
      await waitFor(`${d} restarted`, () => {
        const { pid } = readStatusFile(d);
        return pid > 0 && pid !== before.get(d) && copiesIn(d).length === 1 ? pid : undefined;
      });
      track(readStatusFile(d).pid);
    }
    await waitFor('chatter logging again', () => readFileSync(join(chatter, 'log', 'out')).length > chatterSize + 4000);

    await stopSvscan(proc);
    expect(proc.exitCode).toBe(0);
    expect(expectNothingLostInMultilog(talker)).toBe(1);
    expect(expectNothingLost(chatter)).toBe(2);
    for (const d of dirs) expect(copiesIn(d)).toEqual([]);
    await waitFor('the log host gone', () => !isAlive(host));
    // its group's leftovers got KILL; once svscan (its subreaper) is gone, init reaps what is left
    await waitFor('the grandchild gone', () => {
      const st = procState(grandchild);
      return st === undefined || st === 'Z';
    });
    expect(err()).not.toMatch(/at .*\.js:\d+/);
  }, 90_000);
});

describe('a status write failing with ENOSPC', () => {
  it('warns in daemontools form, svscan and the others go on, and the status is written again once space returns', async () => {
    const root = newRoot('dt-enospc-');
    const other = addService(root, 'other', 'run-sleep');
    const full = join(root, 'full');
    mkdirSync(full);
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=256k', 'tmpfs', full], { stdio: 'pipe' });
    } catch (e) {
      if (process.env['CI']) throw new Error(`cannot mount a tmpfs (the test needs root in CI): ${(e as Error).message}`);
      console.warn(`skipped: cannot mount a tmpfs: ${(e as Error).message}`);
      rmSync(full, { recursive: true, force: true });
      return;
    }
    mounts.push(full);
    install('run-sleep', join(full, 'run'));
    const { proc, err } = spawnSvscan(root);
    await waitFor('both up', () => readStatusFile(full).pid > 0 && readStatusFile(other).pid > 0);
    const firstPid = readStatusFile(full).pid;
    const otherPid = readStatusFile(other).pid;
    track(firstPid);
    track(otherPid);

    // fill the tmpfs to the last page
    const filler = join(full, 'filler');
    const fd = openSync(filler, 'w');
    const chunk = Buffer.alloc(4096, 1);
    try {
      for (;;) writeSync(fd, chunk);
    } catch (e) {
      expect((e as NodeJS.ErrnoException).code).toBe('ENOSPC');
    } finally {
      closeSync(fd);
    }

    // the service restarts: its new status cannot be written
    await sendControl(full, 't');
    await waitFor('the ENOSPC warning', () => /supervise: warning: unable to write .*full\/supervise\/status\.new: out of disk space/.test(err()));
    const restarted = await waitFor('the new copy', () => {
      const c = copiesIn(full);
      return c.length === 1 && c[0] !== firstPid ? c[0] : undefined;
    });
    track(restarted);
    expect(readStatusFile(full).pid).not.toBe(restarted); // status still names the old copy
    expect(proc.exitCode).toBeNull();

    // the other service is untouched and still answers
    expect(readStatusFile(other).pid).toBe(otherPid);
    await sendControl(other, 't');
    await waitFor('other restarted', () => readStatusFile(other).pid > 0 && readStatusFile(other).pid !== otherPid);
    track(readStatusFile(other).pid);

    // space returns: the next change is written
    rmSync(filler);
    await sendControl(full, 't');
    const third = await waitFor('status written again', () => {
      const { pid } = readStatusFile(full);
      const c = copiesIn(full);
      return pid > 0 && pid !== restarted && c.length === 1 && c[0] === pid ? pid : undefined;
    });
    track(third);
    expect(proc.exitCode).toBeNull();
    expect(err()).not.toMatch(/at .*\.js:\d+/);
    await stopSvscan(proc);
  }, 60_000);
});

describe('a bad notification-fd under svscan', () => {
  it('warns, runs the service anyway, and leaves the others alone', async () => {
    const root = newRoot('dt-badnotify-');
    const bad = addService(root, 'bad', 'run-sleep', { files: { 'notification-fd': 'x\n' } });
    const other = addService(root, 'other', 'run-sleep', { files: { 'notification-fd': '1\n' } });
    const plain = addService(root, 'plain', 'run-sleep');
    const { proc, err } = spawnSvscan(root);
    const up = await settled([bad, other, plain], proc.pid!);
    // svscan names its services relative to the scan directory
    await waitFor('the warnings', () => /supervise: warning: invalid (\S*\/)?bad\/notification-fd: not a number\n/.test(err()) && /supervise: warning: invalid (\S*\/)?other\/notification-fd: fd 1 out of range\n/.test(err()));
    expect(err()).not.toMatch(/warning: invalid .*plain/);
    // each runs one copy; a control letter still restarts them
    for (const d of [bad, plain]) {
      await sendControl(d, 't');
      await waitFor(`${d} restarted`, () => {
        const { pid } = readStatusFile(d);
        return pid > 0 && pid !== up.get(d) && copiesIn(d).length === 1;
      });
      track(readStatusFile(d).pid);
    }
    expect(readStatusFile(other).pid).toBe(up.get(other));
    expect(proc.exitCode).toBeNull();
    await stopSvscan(proc);
    expect(proc.exitCode).toBe(0);
  }, 30_000);
});
