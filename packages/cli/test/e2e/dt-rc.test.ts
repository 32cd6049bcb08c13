// dt rc start|stop DIR: the seed's svscan.rc over our svscan and over the real daemontools svscan. Stop
// order: svscan first, shutdown scripts, loggers -ox, services -dx; a flooding service loses no line.
import { afterEach, describe, expect, it } from '@jest/globals';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { waitFor } from '@dt/test-support';
import { real } from './helpers/real-supervise.js';
import { install, pidOf as up, pids, reap, roots } from './helpers/scan-tree.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const DT = join(HERE, '..', '..', 'dist', 'bin', 'dt.js');

afterEach(async () => {
  for (const r of roots) await execa(process.execPath, [DT, 'rc', 'stop', r], { reject: false, timeout: 30_000 });
  await reap();
});

function tree(): { root: string; flood: string; idle: string } {
  if (!existsSync(DT)) throw new Error(`${DT} is missing: build the CLI first (cd packages/cli && npx tsup)`);
  const root = mkdtempSync(join(tmpdir(), 'dt-rc-'));
  roots.push(root);
  const staging = join(root, '.staging');
  mkdirSync(join(staging, 'log'), { recursive: true });
  install('run-flood', join(staging, 'run'));
  install('log-cat', join(staging, 'log', 'run'));
  install('shutdown-mark', join(staging, 'shutdown'));
  renameSync(staging, join(root, 'flood'));
  mkdirSync(staging);
  install('run-sleep', join(staging, 'run'));
  renameSync(staging, join(root, 'idle'));
  return { root, flood: join(root, 'flood'), idle: join(root, 'idle') };
}

const svok = (dir: string) => spawnSync(real('svok'), [dir]).status === 0;

/** Every number 1..N once, in order, whole lines only: nothing was lost on the way to the log. */
function expectWholeLog(out: string): void {
  const text = readFileSync(out, 'utf8');
  expect(text.endsWith('\n')).toBe(true);
  const lines = text.slice(0, -1).split('\n');
  expect(lines).toContain('shutdown script says bye');
  const nums = lines.filter((l) => l !== 'shutdown script says bye').map(Number);
  expect(nums.length).toBeGreaterThan(1000);
  expect(nums.every((n, i) => n === i + 1)).toBe(true);
}

describe('dt rc', () => {
  it('starts our svscan detached, refuses a second start, and stops the tree in order', async () => {
    const { root, flood, idle } = tree();
    const start = await execa(process.execPath, [DT, 'rc', 'start', '--detach', root], { reject: false });
    expect(start.exitCode).toBe(0);
    expect(start.stdout).toMatch(new RegExp(`^svscan ${root}: started \\(pid \\d+\\)$`));
    const pid = Number(/pid (\d+)/.exec(start.stdout)![1]);
    pids.add(pid);
    await waitFor('services up', () => up(flood) && up(idle) && up(join(flood, 'log')));
    const again = await execa(process.execPath, [DT, 'rc', 'start', root], { reject: false });
    expect(again.exitCode).toBe(111);
    expect(again.stderr).toBe(`dt rc: fatal: svscan already running in ${root} (pid ${pid})`);
    await waitFor('flooding', () => readFileSync(join(flood, 'log', 'out')).length > 20_000);

    const stop = await execa(process.execPath, [DT, 'rc', 'stop', root], { reject: false });
    expect(stop.exitCode).toBe(0);
    expect(stop.stdout).toBe(`svscan ${root}: stopped (1 svscan, 2 services, 1 logger)`); // what our svscan stopped itself counts too (issue 13 item 7)
    for (const d of [flood, idle, join(flood, 'log')]) expect(svok(d)).toBe(false);
    expect(existsSync(join(flood, 'shutdown-ran'))).toBe(true);
    expectWholeLog(join(flood, 'log', 'out'));
  });

  it('stops a tree run by the real /usr/bin/svscan: svscan killed first, then loggers -ox, services -dx', async () => {
    const { root, flood, idle } = tree();
    const svscan = spawn(real('svscan'), [root], { stdio: 'ignore', env: { PATH: '/usr/bin:/bin' } });
    pids.add(svscan.pid!);
    await waitFor('services up', () => up(flood) && up(idle) && up(join(flood, 'log')));
    await waitFor('flooding', () => readFileSync(join(flood, 'log', 'out')).length > 20_000);

    const stop = await execa(process.execPath, [DT, 'rc', 'stop', root], { reject: false });
    expect(stop.stderr).toBe('');
    expect(stop.exitCode).toBe(0);
    expect(stop.stdout).toBe(`svscan ${root}: stopped (1 svscan, 2 services, 1 logger)`);
    expect(svscan.exitCode !== null || svscan.signalCode !== null).toBe(true);
    for (const d of [flood, idle, join(flood, 'log')]) expect(svok(d)).toBe(false);
    expectWholeLog(join(flood, 'log', 'out'));
  });

  it('says how to use it', async () => {
    if (!existsSync(DT)) throw new Error(`${DT} is missing: build the CLI first`);
    const r = await execa(process.execPath, [DT, 'rc', 'restart'], { reject: false });
    expect([r.exitCode, r.stdout, r.stderr]).toEqual([100, '', 'dt rc: usage: dt rc start [--detach]|stop [dir]']);
    const h = await execa(process.execPath, [DT, 'rc', '--help'], { reject: false });
    expect([h.exitCode, h.stderr, h.stdout.split('\n')[0]]).toEqual([0, '', 'usage: dt rc start [--detach]|stop [dir]']);
  });

  it.each([
    ['start', '/nonexistent/dt-rc', 'file does not exist'],
    ['stop', '/nonexistent/dt-rc', 'file does not exist'],
    ['start', DT, 'not a directory'],
  ])('%s %s: in daemontools form, never a Node message (issue 13 item 7)', async (verb, dir, why) => {
    const r = await execa(process.execPath, [DT, 'rc', verb, dir], { reject: false });
    expect([r.exitCode, r.stdout, r.stderr]).toEqual([111, '', `dt rc: fatal: unable to chdir to ${dir}: ${why}`]);
  });
});
