// dt signal [-g] SIGNAL dir ... against real trees: -g reaches the whole process group of a service run
// with dt-process-group (its ./run and the grandchild it forked), without -g the signal goes through the
// supervisor (our svscan, or the real supervise) to ./run alone; clear warnings (exit 111) when there is
// no group to signal, usage errors (exit 100) for a bad signal.
import { afterEach, describe, expect, it } from '@jest/globals';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { probeOk, readSidecarFile, readStatusFile } from '@dt/supervise-protocol';
import { isAlive, waitFor } from '@dt/test-support';
import { dt } from './helpers/dt-command.js';
import { track } from './helpers/orphan-tree.js';
import { newRoot, procs, reap, startBin } from './helpers/scan-tree.js';
import { real } from './helpers/real-supervise.js';
import { spawn } from 'node:child_process';

afterEach(reap);

// ./run traps USR1 (writes got-run), then forks a shell that traps USR1 (writes got-grandchild) and records
// its pid once its trap is set: then both traps are in place.
const FORKER = `#!/bin/sh
trap 'echo run >> got-run' USR1
sh -c 'trap "echo grandchild >> got-grandchild" USR1; echo $$ > grandchild.new; mv grandchild.new grandchild; while :; do sleep 1; done' &
while :; do sleep 1; done
`;

function service(root: string, name: string, files: Record<string, string>): string {
  const dir = join(root, name);
  mkdirSync(dir);
  for (const [f, text] of Object.entries(files)) writeFileSync(join(dir, f), text);
  chmodSync(join(dir, 'run'), 0o755);
  return dir;
}

/** The service's pid and its grandchild's, once both traps are set and the sidecar names the pid. */
async function running(dir: string): Promise<{ pid: number; grandchild: number }> {
  return waitFor(`${dir} up with its grandchild`, () => {
    const pid = probeOk(dir).state === 'running' ? readStatusFile(dir).pid : 0;
    const grandchild = existsSync(join(dir, 'grandchild')) ? Number(readFileSync(join(dir, 'grandchild'), 'utf8')) : 0;
    if (!pid || !grandchild || readSidecarFile(dir)?.pid !== pid) return undefined;
    track(pid);
    track(grandchild);
    return { pid, grandchild };
  });
}

describe('dt signal under our svscan', () => {
  it('-g USR1 reaches ./run and its grandchild; without -g only ./run, through the supervisor', async () => {
    const root = newRoot('dt-signal-');
    const grouped = service(root, 'grouped', { run: FORKER, 'dt-process-group': '1\n' });
    const plain = service(root, 'plain', { run: FORKER });
    startBin('svscan.js', [root]);
    const g = await running(grouped);
    const p = await running(plain);

    const r = await dt(['signal', '-g', 'USR1', grouped]);
    expect(r).toMatchObject({ exitCode: 0, stdout: '', stderr: '' });
    await waitFor('both got USR1', () => existsSync(join(grouped, 'got-run')) && existsSync(join(grouped, 'got-grandchild')));
    expect(isAlive(g.pid) && isAlive(g.grandchild)).toBe(true); // trapped, not killed

    expect(await dt(['signal', 'usr1', plain])).toMatchObject({ exitCode: 0, stderr: '' });
    await waitFor('./run got USR1', () => existsSync(join(plain, 'got-run')));
    // the letter went to ./run only: the grandchild (in the same session, no group of its own) saw nothing
    expect(existsSync(join(plain, 'got-grandchild'))).toBe(false);

    // TERM to the group: ./run and the grandchild end at once (svc -t sends TERM to ./run alone)
    expect(await dt(['signal', '--group', 'SIGTERM', grouped])).toMatchObject({ exitCode: 0, stderr: '' });
    await waitFor('the group gone', () => !isAlive(g.grandchild) && readStatusFile(grouped).pid !== g.pid);
    expect(isAlive(p.grandchild)).toBe(true);
  }, 30_000);

  it('no group to signal: a warning per dir in daemontools form, the others still signalled, exit 111', async () => {
    const root = newRoot('dt-signal-none-');
    const grouped = service(root, 'grouped', { run: FORKER, 'dt-process-group': '1\n' });
    const plain = service(root, 'plain', { run: FORKER });
    const down = service(root, 'down', { run: FORKER, down: '', 'dt-process-group': '1\n' });
    startBin('svscan.js', [root]);
    await running(grouped);
    await running(plain);
    await waitFor('down supervised', () => probeOk(down).state === 'running');
    const unsupervised = newRoot('dt-signal-unsupervised-');
    const r = await dt(['signal', '-g', 'USR1', plain, down, unsupervised, join(root, 'nope'), grouped]);
    expect(r.exitCode).toBe(111);
    expect(r.stdout).toBe('');
    expect(r.stderr.split('\n')).toEqual([
      `dt signal: warning: unable to signal the process group of ${plain}: it has none (dt-process-group is not set)`,
      `dt signal: warning: unable to signal the process group of ${down}: it is down`,
      `dt signal: warning: unable to control ${unsupervised}: supervise not running`,
      `dt signal: warning: unable to chdir to ${join(root, 'nope')}: file does not exist`,
    ]);
    await waitFor('the last dir still signalled', () => existsSync(join(grouped, 'got-grandchild')));
    expect(existsSync(join(plain, 'got-run'))).toBe(false);
  }, 30_000);
});

describe('dt signal under the real supervise', () => {
  it('without -g: the letter reaches ./run; -g: no process group recorded (not dt)', async () => {
    const root = newRoot('dt-signal-real-');
    const dir = service(root, 'svc', { run: FORKER, 'dt-process-group': '1\n' });
    const sup = spawn(real('supervise'), [dir], { stdio: 'ignore' });
    procs.push(sup);
    await waitFor('up', () => probeOk(dir).state === 'running' && readStatusFile(dir).pid > 0 && existsSync(join(dir, 'grandchild')));
    const pid = readStatusFile(dir).pid;
    const grandchild = Number(readFileSync(join(dir, 'grandchild'), 'utf8'));
    track(pid);
    track(grandchild);
    expect(await dt(['signal', 'HUP', dir])).toMatchObject({ exitCode: 0, stderr: '' }); // svc -h: ./run dies of HUP
    await waitFor('restarted with a new grandchild', () => {
      const again = readStatusFile(dir).pid;
      const next = Number(readFileSync(join(dir, 'grandchild'), 'utf8'));
      track(again);
      track(next);
      return again > 0 && again !== pid && next !== grandchild;
    });
    expect(await dt(['signal', '-g', 'TERM', dir])).toMatchObject({
      exitCode: 111,
      stderr: `dt signal: warning: unable to signal the process group of ${dir}: its supervisor does not record one (not dt)`,
    });
  }, 30_000);
});

describe('dt signal usage', () => {
  it.each([
    [[], 'dt signal: usage: dt signal [-g] signal dir ...'],
    [['TERM'], 'dt signal: usage: dt signal [-g] signal dir ...'],
    [['NOSUCH', '.'], 'dt signal: usage: dt signal [-g] signal dir ...'],
    [['-x', 'TERM', '.'], 'dt signal: usage: dt signal [-g] signal dir ...'],
    [['WINCH', '.'], 'dt signal: usage: supervise cannot send WINCH: use -g, or one of HUP ALRM INT TERM KILL STOP CONT QUIT USR1 USR2'],
  ])('dt signal %j: exit 100', async (args, err) => {
    expect(await dt(['signal', ...args])).toMatchObject({ exitCode: 100, stdout: '', stderr: err });
  });
});
