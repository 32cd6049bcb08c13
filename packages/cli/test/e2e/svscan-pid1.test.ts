// svscan as PID 1 of a PID namespace (`unshare --pid --fork --mount-proc`), as in a container: every
// orphan re-parented to it is reaped (no zombie left), its own children's exits still reach their
// supervisors, and SIGTERM stops the tree in order and exits 0.
import { afterEach, describe, expect, it } from '@jest/globals';
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
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
});
