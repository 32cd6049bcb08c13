// readproctitle (dist/bin/readproctitle.js) side by side with the real /usr/bin/readproctitle: the same
// usage exits, and the same window of the last bytes read (ours in process.title, theirs in argv).
import { afterEach, describe, expect, it } from '@jest/globals';
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { waitFor } from '@dt/test-support';

const OURS = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist', 'bin', 'readproctitle.js');
const REAL = '/usr/bin/readproctitle';
const procs: ChildProcess[] = [];

afterEach(() => {
  for (const p of procs.splice(0)) if (p.exitCode === null) p.kill('SIGKILL');
});

function requireTools(): void {
  if (!existsSync(REAL)) throw new Error(`${REAL} is missing: install daemontools (apt-get install daemontools)`);
  if (!existsSync(OURS)) throw new Error(`${OURS} is missing: build the CLI first (cd packages/cli && npx tsup)`);
}

function cmdline(pid: number): string {
  return readFileSync(`/proc/${pid}/cmdline`, 'latin1');
}

function start(cmd: string[]): ChildProcess {
  const p = spawn(cmd[0]!, cmd.slice(1), { stdio: ['pipe', 'ignore', 'ignore'] });
  procs.push(p);
  return p;
}

const exited = (p: ChildProcess) => new Promise<number | null>((r) => (p.exitCode !== null ? r(p.exitCode) : p.once('exit', r)));

describe('readproctitle', () => {
  it.each([[[]], [['abcd']], [['service', 'errors:', '....']]])('exits 100 silently on %j, as the real one', async (args) => {
    requireTools();
    const real = await execa(REAL, args, { reject: false, input: '' });
    const ours = await execa(process.execPath, [OURS, ...args], { reject: false, input: '' });
    expect(real.exitCode).toBe(100);
    expect([ours.exitCode, ours.stdout, ours.stderr]).toEqual([100, '', '']);
  });

  it('shows the same window of the last bytes as the real one, three dots always left, NULs skipped', async () => {
    requireTools();
    const d = '.'.repeat(20);
    const real = start([REAL, 'service', 'errors:', d]);
    const ours = start([process.execPath, OURS, 'service', 'errors:', d]);
    const realWindow = () => cmdline(real.pid!).split('\0')[3]!;
    const ourWindow = () => cmdline(ours.pid!).replace(/\0+$/, '').split(' ').slice(3).join(' ');
    await waitFor('our title', () => cmdline(ours.pid!).startsWith('readproctitle service errors: '));
    expect(ourWindow()).toBe(d);
    const input = 'svscan: warning: unable to stat x: file does not exist\n\0ab\0c';
    for (const p of [real, ours]) p.stdin!.write(input);
    const expected = `...${('svscan: warning: unable to stat x: file does not exist\nabc').slice(-17)}`;
    await waitFor('real window', () => realWindow() === expected);
    await waitFor('our window', () => ourWindow() === expected);
    for (const p of [real, ours]) p.stdin!.end();
    expect(await exited(real)).toBe(0);
    expect(await exited(ours)).toBe(0);
  });
});
