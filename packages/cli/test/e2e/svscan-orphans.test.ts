// Supervision that survives its own death (issue 12): svscan killed with SIGKILL and started again, five
// times, over five services (two logging, one silent, one ignoring TERM, one forking a grandchild in its
// own process group). Each time: one copy of every service and logger, no line lost, the grandchild gone.
import { afterEach, describe, expect, it } from '@jest/globals';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { probeOk, readStatusFile, sendControl } from '@dt/supervise-protocol';
import { isAlive, waitFor } from '@dt/test-support';
import { addService, copiesIn, expectNothingLost, settled, track } from './helpers/orphan-tree.js';
import { newRoot, procs, reap, roots, startBin } from './helpers/scan-tree.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const SVSCAN = join(HERE, '..', '..', 'dist', 'bin', 'svscan.js');

afterEach(reap);

const startSvscan = (dir: string): ChildProcess => startBin('svscan.js', [dir]);

describe('svscan killed with SIGKILL and started again', () => {
  it('runs one copy of each service and logger every time, loses no line, and leaves no grandchild', async () => {
    const root = newRoot('dt-orphans-');
    const fast = { 'timeout-kill': '300\n' };
    const talker = addService(root, 'talker', 'run-numbered-pid', { log: 'log-cat' });
    const chatter = addService(root, 'chatter', 'run-numbered-pid', { log: 'log-cat' });
    const quiet = addService(root, 'quiet', 'run-sleep');
    const stubborn = addService(root, 'stubborn', 'run-ignore-term', { files: fast });
    const forker = addService(root, 'forker', 'run-forker', { files: { ...fast, 'dt-process-group': '1\n' } });
    const dirs = [talker, join(talker, 'log'), chatter, join(chatter, 'log'), quiet, stubborn, forker];

    let previous = new Map<string, number>();
    let grandchild = 0;
    for (let round = 0; round < 6; round++) {
      const svscan = startSvscan(root);
      const now = await settled(dirs, svscan.pid!);
      for (const d of dirs) if (previous.has(d)) expect(isAlive(previous.get(d)!) && previous.get(d) === now.get(d)).toBe(false);
      if (grandchild) expect(isAlive(grandchild)).toBe(false);
      grandchild = await waitFor('the grandchild', () => {
        const g = Number(readFileSync(join(forker, 'grandchild'), 'utf8'));
        return g && g !== grandchild && isAlive(g) ? g : undefined;
      });
      track(grandchild);
      await waitFor('both logs growing', () => readFileSync(join(talker, 'log', 'out')).length > 2000 && readFileSync(join(chatter, 'log', 'out')).length > 2000);
      previous = now;
      if (round === 5) {
        svscan.kill('SIGTERM'); // the orderly stop: everything ends, loggers drain
        await new Promise((r) => svscan.once('exit', r));
        break;
      }
      svscan.kill('SIGKILL');
      await new Promise((r) => svscan.once('exit', r));
    }
    expect(expectNothingLost(talker)).toBe(6);
    expect(expectNothingLost(chatter)).toBe(6);
    for (const d of dirs) expect(copiesIn(d)).toEqual([]);
  }, 180_000);
});

describe('no crash spreads', () => {
  function spawnSvscan(root: string, wrap: string[] = []): { proc: ChildProcess; err: () => string } {
    const [file, ...args] = [...wrap, process.execPath, SVSCAN, root];
    const proc = spawn(file!, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    procs.push(proc);
    let err = '';
    proc.stderr!.on('data', (c: Buffer) => (err += c.toString()));
    return { proc, err: () => err };
  }

  it('out of file descriptors: warnings in daemontools form and retries, never a crash', async () => {
    const root = newRoot('dt-emfile-');
    const dirs = Array.from({ length: 60 }, (_, i) => addService(root, `s${String(i).padStart(2, '0')}`, 'run-sleep'));
    const { proc, err } = spawnSvscan(root, ['prlimit', '--nofile=128:128']);
    const supervised = () => dirs.filter((d) => probeOk(d).state === 'running');
    await waitFor('fds running out', () => /unable to .*: process cannot open more files/.test(err()));
    const first = await waitFor('some supervised', () => supervised().length >= 10 && supervised());
    for (const d of first) track(readStatusFile(d).pid);
    // retried at the next scans, still alive
    await waitFor('a retry', () => err().split('\n').filter((l) => l.includes('process cannot open more files')).length > 60, 20_000);
    expect(proc.exitCode).toBeNull();
    expect(err()).not.toMatch(/at .*\.js:\d+/); // no stack trace
    // room made (svc -dx on fifteen, directories taken away): the next scans supervise others
    const away = first.slice(0, 15);
    for (const d of away) await sendControl(d, 'dx');
    await waitFor('those gone', () => away.every((d) => probeOk(d).state !== 'running'));
    const outside = mkdtempSync(join(tmpdir(), 'dt-emfile-away-'));
    roots.push(outside);
    for (const d of away) renameSync(d, join(outside, d.split('/').pop()!));
    const left = dirs.filter((d) => !away.includes(d));
    await waitFor('others supervised', () => left.filter((d) => probeOk(d).state === 'running').length > first.length - 15, 20_000);
    for (const d of left) if (probeOk(d).state === 'running') track(readStatusFile(d).pid);
    expect(proc.exitCode).toBeNull();
  }, 60_000);

  it('a service directory removed under a running svscan: that service warns, the others and svscan go on', async () => {
    const root = newRoot('dt-vanish-');
    const a = addService(root, 'a', 'run-sleep');
    const b = addService(root, 'b', 'run-sleep');
    const { proc, err } = spawnSvscan(root);
    await waitFor('both up', () => readStatusFile(a).pid > 0 && readStatusFile(b).pid > 0);
    const aPid = readStatusFile(a).pid;
    const bPid = readStatusFile(b).pid;
    track(aPid);
    track(bPid);
    rmSync(a, { recursive: true, force: true });
    process.kill(aPid, 'SIGTERM'); // its supervisor now writes status into a directory that is gone
    await waitFor('a warning for a', () => err().includes('supervise: warning: unable to open') && err().includes('a/supervise/status.new'));
    await sendControl(b, 't');
    await waitFor('b restarted', () => readStatusFile(b).pid !== bPid && readStatusFile(b).pid > 0);
    track(readStatusFile(b).pid);
    expect(proc.exitCode).toBeNull();
  }, 30_000);
});
