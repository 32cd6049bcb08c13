// svscan as PID 1 of a PID namespace (`unshare --pid --fork --mount-proc`), as in a container: every
// orphan re-parented to it is reaped (no zombie left), its own children's exits still reach their
// supervisors, and SIGTERM stops the tree in order and exits 0: services before their loggers (the status
// stamps say so), every logger, cat or hosted multilog, drained to the last line. And dt run-with as PID 1:
// the command's orphans reaped, its exit code dt's.
import { afterEach, describe, expect, it } from '@jest/globals';
import { type ChildProcess, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readStatusFile } from '@dt/supervise-protocol';
import { addService, expectNothingLost } from './helpers/orphan-tree.js';
import { waitFor } from '@dt/test-support';
import { procs, reap, roots } from './helpers/scan-tree.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const SVSCAN = join(HERE, '..', '..', 'dist', 'bin', 'svscan.js');
const UNSHARE = '/usr/bin/unshare';
const DT = join(HERE, '..', '..', 'dist', 'bin', 'dt.js');

/** A status stamp as nanoseconds, to order two of them. */
const stampOf = (dir: string): bigint => {
  const { stamp } = readStatusFile(dir);
  return BigInt(stamp.seconds) * 1_000_000_000n + BigInt(stamp.nanoseconds);
};

/** As expectNothingLost, for a multilog t log (DIR/log/main: its archives in order, then current). */
function expectNothingLostInMultilog(serviceDir: string): number {
  const main = join(serviceDir, 'log', 'main');
  const files = readdirSync(main)
    .filter((f) => f.startsWith('@') && f.endsWith('.s'))
    .sort();
  const lines = [...files, 'current']
    .map((f) => readFileSync(join(main, f), 'utf8'))
    .join('')
    .split('\n');
  expect(lines.pop()).toBe('');
  const byPid = new Map<string, number[]>();
  for (const l of lines) {
    const m = /^@[0-9a-f]{24} (\d+) (\d+)$/.exec(l);
    if (!m) throw new Error(`${serviceDir}: a line that no writer wrote: ${JSON.stringify(l)}`);
    if (!byPid.has(m[1]!)) byPid.set(m[1]!, []);
    byPid.get(m[1]!)!.push(Number(m[2]));
  }
  for (const [pid, ns] of byPid) {
    expect(ns.every((n, i) => n === i + 1)).toBe(true);
    expect(ns.length).toBeGreaterThanOrEqual(Number(readFileSync(join(serviceDir, `sent.${pid}`), 'utf8')));
  }
  return byPid.size;
}

/** unshare's one child: PID 1 inside the namespace. */
async function pid1Of(ns: ChildProcess): Promise<number> {
  const init = await waitFor('PID 1', () => childrenOf(ns.pid!)[0]);
  expect(innerPid(init)).toBe(1);
  return init;
}

function needUnshare(): void {
  if (!existsSync(UNSHARE)) throw new Error(`${UNSHARE} is missing: apt-get install util-linux`);
  if (!existsSync(SVSCAN)) throw new Error(`${SVSCAN} is missing: build the CLI first`);
}

afterEach(reap);

/** The children of pid (outside pids), from every thread's children list. */
function childrenOf(pid: number): number[] {
  const out: number[] = [];
  try {
    for (const t of readdirSync(`/proc/${pid}/task`)) {
      for (const p of readFileSync(`/proc/${pid}/task/${t}/children`, 'latin1').trim().split(' ')) if (p) out.push(Number(p));
    }
  } catch {
    // gone
  }
  return out;
}

/** The pid a process has inside its PID namespace (the last NSpid field). */
function innerPid(pid: number): number | undefined {
  try {
    const m = /NSpid:([\d\s]+)\n/.exec(readFileSync(`/proc/${pid}/status`, 'latin1'));
    return m ? Number(m[1]!.trim().split(/\s+/).pop()) : undefined;
  } catch {
    return undefined;
  }
}

const stateOf = (pid: number) => {
  try {
    const s = readFileSync(`/proc/${pid}/stat`, 'latin1');
    return s.slice(s.lastIndexOf(')') + 2)[0];
  } catch {
    return undefined;
  }
};

describe('svscan as PID 1 in a PID namespace', () => {
  it('reaps 100 orphaned grandchildren, leaves no zombie, and stops the tree in order on SIGTERM (exit 0)', async () => {
    if (!existsSync(UNSHARE)) throw new Error(`${UNSHARE} is missing: apt-get install util-linux`);
    if (!existsSync(SVSCAN)) throw new Error(`${SVSCAN} is missing: build the CLI first`);
    const root = mkdtempSync(join(tmpdir(), 'dt-pid1-'));
    roots.push(root);
    const talker = addService(root, 'talker', 'run-numbered-pid', { log: 'log-cat' });
    const orphans = addService(root, 'orphans', 'run-orphans-100');
    const ns: ChildProcess = spawn(UNSHARE, ['--pid', '--fork', '--mount-proc', process.execPath, SVSCAN, root], { stdio: 'ignore' });
    procs.push(ns);
    // unshare's one child is PID 1 inside: svscan (exec'd again in place with its lean flags, same pid)
    const init = await waitFor('PID 1', () => childrenOf(ns.pid!)[0]);
    expect(innerPid(init)).toBe(1);
    await waitFor('orphans spawned', () => readFileSync(join(orphans, 'spawned'), 'utf8').trim() === '100');
    // the sleeps are re-parented to svscan, then exit: none may stay a zombie
    await waitFor('orphans adopted by PID 1', () => childrenOf(init).filter((p) => readFileSync(`/proc/${p}/comm`, 'latin1').trim() === 'sleep').length >= 50);
    await waitFor(
      'every orphan reaped',
      () => {
        const kids = childrenOf(init);
        return kids.every((p) => stateOf(p) !== 'Z') && kids.length <= 3; // talker, its logger, orphans' sleep
      },
      20_000,
    );
    // its own children's exits still reach their supervisors: kill the service, it is restarted
    const before = readStatusFile(orphans).pid;
    // status holds the pid as svscan sees it, inside the namespace
    const hostPid = childrenOf(init).find((p) => innerPid(p) === before);
    expect(before).toBeGreaterThan(0);
    expect(hostPid).toBeDefined();
    process.kill(hostPid!, 'SIGKILL');
    await waitFor('restarted', () => readStatusFile(orphans).pid !== before && readStatusFile(orphans).pid > 0);
    await waitFor('log growing', () => readFileSync(join(talker, 'log', 'out')).length > 1000);
    const exited = new Promise<number | null>((r) => ns.once('exit', (code) => r(code)));
    process.kill(init, 'SIGTERM');
    expect(await exited).toBe(0);
    expectNothingLost(talker);
  }, 60_000);

  it('SIGTERM stops services before their loggers, and every logger (cat and hosted multilog) drains to the last line', async () => {
    needUnshare();
    const root = mkdtempSync(join(tmpdir(), 'dt-pid1-order-'));
    roots.push(root);
    const talker = addService(root, 'talker', 'run-numbered-pid', { log: 'log-cat' });
    const chatter = addService(root, 'chatter', 'run-numbered-pid', { log: 'log-multilog-rotating' });
    const stubborn = addService(root, 'stubborn', 'run-ignore-term', { files: { 'timeout-kill': '300\n' } });
    const ns: ChildProcess = spawn(UNSHARE, ['--pid', '--fork', '--mount-proc', process.execPath, SVSCAN, root], { stdio: 'ignore' });
    procs.push(ns);
    const init = await pid1Of(ns);
    await waitFor(
      'both logs growing',
      () => readFileSync(join(talker, 'log', 'out')).length > 2000 && readFileSync(join(chatter, 'log', 'main', 'current')).length > 2000,
      20_000,
    );
    for (const d of [talker, chatter, stubborn, join(talker, 'log'), join(chatter, 'log')]) expect(readStatusFile(d).pid).toBeGreaterThan(0);
    const exited = new Promise<number | null>((r) => ns.once('exit', (code) => r(code)));
    process.kill(init, 'SIGTERM');
    expect(await exited).toBe(0);
    // every one down, each logger's last change (its stop) after its service's
    for (const d of [talker, chatter, stubborn, join(talker, 'log'), join(chatter, 'log')]) expect(readStatusFile(d).pid).toBe(0);
    for (const d of [talker, chatter]) expect(stampOf(join(d, 'log'))).toBeGreaterThan(stampOf(d));
    // drained to the last line each writer sent
    expect(expectNothingLost(talker)).toBe(1);
    expect(expectNothingLostInMultilog(chatter)).toBe(1);
  }, 60_000);

  it('dt run-with as PID 1 reaps orphans (no zombie left) and exits with the command\'s code', async () => {
    needUnshare();
    const root = mkdtempSync(join(tmpdir(), 'dt-pid1-runwith-'));
    roots.push(root);
    const scan = join(root, 'scan');
    mkdirSync(scan);
    addService(scan, 'quiet', 'run-sleep');
    // the command leaves 20 orphans (each a short sleep, re-parented to PID 1), then waits and exits 7
    const cmd = join(root, 'cmd');
    writeFileSync(cmd, '#!/bin/sh\nfor i in $(seq 20); do (sleep 1 &) ; done\ntouch "$1/forked"\nsleep 4\nexit 7\n');
    chmodSync(cmd, 0o755);
    const ns: ChildProcess = spawn(UNSHARE, ['--pid', '--fork', '--mount-proc', process.execPath, DT, 'run-with', scan, '--', cmd, root], { stdio: 'ignore' });
    procs.push(ns);
    const exited = new Promise<number | null>((r) => ns.once('exit', (code) => r(code)));
    const init = await pid1Of(ns);
    await waitFor('the orphans forked', () => existsSync(join(root, 'forked')), 20_000);
    // re-parented to PID 1; they end after 1 s, and two sweeps (250 ms apart) later none may be left a zombie
    const cmdline = (p: number): string => {
      try {
        return readFileSync(`/proc/${p}/cmdline`, 'latin1');
      } catch {
        return '';
      }
    };
    const orphans = await waitFor('the orphans adopted by PID 1', () => {
      const o = childrenOf(init).filter((p) => cmdline(p) === 'sleep\u00001\u0000');
      return o.length >= 10 ? o : undefined;
    });
    await waitFor('every orphan reaped', () => orphans.every((p) => stateOf(p) === undefined), 3000);
    expect(await exited).toBe(7);
  }, 60_000);
});
