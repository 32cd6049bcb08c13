// The standalone multilog on a full disk, beside the real one (decision 0014: the program keeps 0.76's
// blocking pauses): the same warnings, a retry while the disk stays full, and every line once space
// returns. Real fault: a small tmpfs for each (root only; in CI a tmpfs that cannot be mounted fails).
import { afterEach, describe, expect, it } from '@jest/globals';
import { execFileSync, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { collectStderr, removeDir, requireTools, startWithPipe, tempDir, waitFor } from '../fixtures/multilog/harness.js';

const children: ChildProcess[] = [];
const mounts: string[] = [];
const dirs: string[] = [];
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  for (const m of mounts.splice(0)) spawnSync('umount', ['-l', m]);
  for (const d of dirs.splice(0)) removeDir(d);
});

const isRoot = spawnSync('id', ['-u'], { encoding: 'utf8' }).stdout.trim() === '0';
const itRoot = isRoot || process.env.CI ? it : it.skip;

function mountTmpfs(dir: string, size: string): void {
  mkdirSync(dir, { recursive: true });
  const r = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${size},mode=0700`, 'tmpfs', dir], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`cannot mount a tmpfs (needs root): ${(r.stderr || String(r.error)).trim()}`);
  mounts.push(dir);
}

const input = Array.from({ length: 3000 }, (_x, i) => `line ${i + 1} ${'y'.repeat((i + 1) % 70)}\n`).join('');

describe('multilog (the program) on a full disk', () => {
  itRoot('warns and pauses exactly as 0.76, retries while full, and loses nothing once space returns', async () => {
    requireTools();
    const root = tempDir('disk-full');
    dirs.push(root);
    const runs = (['real', 'ours'] as const).map((which) => {
      const cwd = join(root, which);
      mountTmpfs(join(cwd, 'main'), '64k');
      const child = startWithPipe(which, ['s999999', './main'], cwd);
      children.push(child);
      const stderr = collectStderr(child);
      child.stdin!.on('error', () => {}); // it stops reading while it pauses
      child.stdin!.write(input);
      return { which, cwd, child, stderr };
    });
    const warning = 'multilog: warning: unable to write to ./main/current, pausing: out of disk space';
    for (const r of runs) await waitFor(`${r.which}: a retry`, () => r.stderr().split('\n').filter((l) => l === warning).length >= 2, 15_000);
    for (const r of runs) expect(r.stderr().replaceAll(`${warning}\n`, '')).toBe('');
    for (const r of runs) execFileSync('mount', ['-o', 'remount,size=4m', join(r.cwd, 'main')]);
    for (const r of runs) await waitFor(`${r.which}: every line`, () => readFileSync(join(r.cwd, 'main', 'current'), 'latin1') === input, 15_000);
  }, 60_000);
});
