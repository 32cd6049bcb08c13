// dt add dir -- command: a service directory written in one go, that the real daemontools svscan runs as
// well as ours (dt's chain-loaders by absolute path with this Node; envdir, cwd, setuidgid, multilog).
import { afterEach, describe, expect, it } from '@jest/globals';
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { startTree } from '@dt/scanner';
import { dt, need } from './helpers/dt-command.js';
import { waitFor } from '@dt/test-support';

const SVSCAN = '/usr/bin/svscan';
const SVC = '/usr/bin/svc';
const dirs: string[] = [];
const started: ChildProcess[] = [];
afterEach(() => {
  for (const c of started.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  for (const d of dirs.splice(0)) {
    for (const pid of leftovers(d)) process.kill(pid, 'SIGKILL');
    rmSync(d, { recursive: true, force: true });
  }
});

/** Processes (not this one) whose working directory is under `dir`: services and loggers run there. */
function leftovers(dir: string): number[] {
  const found: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
    try {
      if (readlinkSync(`/proc/${name}/cwd`).startsWith(dir)) found.push(Number(name));
    } catch {
      // gone meanwhile
    }
  }
  return found;
}

function scratch(): string {
  const d = mkdtempSync(join(tmpdir(), 'dt-add-'));
  dirs.push(d);
  return d;
}

/** `dt add` a service that reports its environment, working directory and uid into its log. */
async function addReporter(scan: string): Promise<{ dir: string; work: string }> {
  const work = join(scan, '.work dir'); // a dot-name: svscan does not take it for a service
  mkdirSync(work);
  const dir = join(scan, 'reporter');
  const res = await dt(['add', '--env', 'GREETING=hello there', '--cwd', work, '--user', 'nobody', dir, '--', '/bin/sh', '-c', 'echo "$GREETING from $PWD as $(id -u)"; exec sleep 1000']);
  expect(res).toMatchObject({ exitCode: 0, stdout: '', stderr: '' });
  return { dir, work };
}

const nobody = async () => (await execa('id', ['-u', 'nobody'])).stdout.trim();
const logLine = (dir: string) => {
  const current = join(dir, 'log', 'main', 'current');
  return existsSync(current) ? readFileSync(current, 'latin1') : '';
};

describe('dt add', () => {
  it('the directory it writes runs under the real daemontools svscan', async () => {
    need(SVSCAN, 'apt-get install daemontools');
    const scan = scratch();
    const { dir, work } = await addReporter(scan);
    const svscan = spawn(SVSCAN, [scan], { stdio: 'ignore' });
    started.push(svscan);
    const text = await waitFor('the reporter line in its log', () => logLine(dir).includes('\n') && logLine(dir), 30_000);
    expect(text).toMatch(new RegExp(`^@[0-9a-f]{24} hello there from ${work} as ${await nobody()}\\n$`));
    // stop: svscan first (it holds the log pipe), then the service, then its logger
    svscan.kill('SIGTERM');
    await execa(SVC, ['-dx', dir]);
    await execa(SVC, ['-dx', join(dir, 'log')]);
    await waitFor('nothing left running', () => leftovers(scan).length === 0, 20_000);
  });

  it('and under ours (startTree)', async () => {
    const scan = scratch();
    const { dir, work } = await addReporter(scan);
    const tree = await startTree(scan, { stdio: 'ignore', cleanup: false });
    try {
      await tree.waitAllReady({ timeout: 30_000 });
      const text = await waitFor('the reporter line in its log', () => logLine(dir).includes('\n') && logLine(dir), 30_000);
      expect(text).toMatch(new RegExp(`^@[0-9a-f]{24} hello there from ${work} as ${await nobody()}\\n$`));
    } finally {
      await tree.stop();
    }
    expect(leftovers(scan)).toEqual([]);
  });

  it('usage errors exit 100 in daemontools form; a bad definition too', async () => {
    const scan = scratch();
    const usage = 'dt add: usage: dt add [--user account] [--env NAME=VALUE ...] [--cwd dir] [--notification-fd n] [--no-log] dir -- command [arg ...]\n';
    expect(await dt(['add', join(scan, 'x')])).toMatchObject({ exitCode: 100, stderr: usage.trimEnd() });
    expect(await dt(['add', '--notification-fd', '1', join(scan, 'x'), '--', 'true'])).toMatchObject({
      exitCode: 100,
      stderr: `dt add: fatal: unable to define ${join(scan, 'x')}: notification fd must be 3..1023: 1`,
    });
    expect(readdirSync(scan)).toEqual([]);
  });
});
