// Faults stay local in the log host (decision 0014): a hosted logger whose disk is full warns and retries as
// multilog 0.76 does while the other hosted loggers keep writing, and a slow processor runs as a process
// while they keep writing; nothing is lost once the fault is gone. Real faults: a small tmpfs (root only).
import { afterEach, describe, expect, it } from '@jest/globals';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ScanHarness, addService, realTool, waitFor } from './scan-helpers.js';

const h = new ScanHarness();
process.env.PATH = (process.env.PATH ?? '').split(':').filter((p) => !p.endsWith('node_modules/.bin')).join(':');
const mounts: string[] = [];
afterEach(async () => {
  // lazily: a scanner a failed test left running may still hold files there
  for (const m of mounts.splice(0)) spawnSync('umount', ['-l', m]);
  await h.cleanUp();
});

/** A tmpfs of `size` on a new directory `dir`; where that is impossible, CI fails and elsewhere it says so. */
function mountTmpfs(dir: string, size: string): boolean {
  mkdirSync(dir, { recursive: true });
  const r = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${size},mode=0700`, 'tmpfs', dir], { encoding: 'utf8' });
  if (r.status === 0) {
    mounts.push(dir);
    return true;
  }
  const why = `cannot mount a tmpfs (needs root): ${(r.stderr || String(r.error)).trim()}`;
  if (process.env.CI) throw new Error(why);
  process.stderr.write(`log-host-faults: not run here: ${why}\n`);
  return false;
}

const canMount = (() => {
  const probe = spawnSync('id', ['-u'], { encoding: 'utf8' });
  return probe.stdout.trim() === '0' || Boolean(process.env.CI);
})();
const itRoot = canMount ? it : it.skip;

/** Every file of a log directory in order (archives by name, then current), stamps taken off. */
function logText(dir: string): string {
  const names = readdirSync(dir)
    .filter((n) => n.startsWith('@'))
    .sort();
  names.push('current');
  let text = '';
  for (const n of names) {
    try {
      text += readFileSync(join(dir, n), 'latin1');
    } catch {
      // no current yet
    }
  }
  return text.replace(/^@[0-9a-f]{24} /gm, '');
}

/** `line N y...` for N = 1..last, each once and in order, and nothing else. */
function expectAllLines(text: string, last: number): void {
  const lines = text.split('\n').filter((l) => l !== '');
  const expected = Array.from({ length: last }, (_x, i) => `line ${i + 1} ${'y'.repeat((i + 1) % 70)}`);
  expect(lines.length).toBe(last);
  expect(lines).toEqual(expected);
}

const ticks = (main: string): number => (logText(main).match(/^tick \d+$/gm) ?? []).length;

describe('hosted loggers: faults stay local', () => {
  itRoot("disk full: that logger warns and retries as multilog 0.76, the others keep writing, nothing is lost", async () => {
    const root = h.root();
    const full = addService(root, 'full', 'run-numbered-short', 'log-multilog-plain');
    const neighbour = addService(root, 'neighbour', 'run-ticks', 'log-multilog');
    const fullMain = join(full, 'log', 'main');
    if (!mountTmpfs(fullMain, '64k')) return;
    // the real multilog on its own full tmpfs, same input, same directory name: its warning is the reference
    const realCwd = join(root, '.real');
    if (!mountTmpfs(join(realCwd, 'main'), '64k')) return;
    const real = spawn(realTool('multilog'), ['./main'], { cwd: realCwd, stdio: ['pipe', 'ignore', 'pipe'] });
    h.track(real.pid!);
    let realErr = '';
    real.stderr!.on('data', (d: Buffer) => (realErr += d.toString('latin1')));
    real.stdin!.on('error', () => {}); // it stops reading while it pauses
    real.stdin!.write(Array.from({ length: 3000 }, (_x, i) => `line ${i + 1} ${'y'.repeat((i + 1) % 70)}\n`).join(''));

    const errPath = join(root, '.stderr');
    const errFd = openSync(errPath, 'a');
    try {
      const s = await h.start({ dir: root, stderr: errFd });
      const warning = await waitFor('the real warning', () => realErr.split('\n')[0]!.length > 0 && realErr.includes('\n') && realErr.split('\n')[0]!);
      expect(warning).toBe('multilog: warning: unable to write to ./main/current, pausing: out of disk space');
      const warnings = () => readFileSync(errPath, 'latin1').split('\n').filter((l) => l === warning).length;
      await waitFor('the hosted warning', () => warnings() >= 1);
      expect(readFileSync(errPath, 'latin1').split('\n')[0]).toBe(warning);
      // while it pauses (5 s, as 0.76), its neighbour in the same host keeps writing
      const before = ticks(join(neighbour, 'log', 'main'));
      await waitFor('the neighbour writes meanwhile', () => ticks(join(neighbour, 'log', 'main')) >= before + 20);
      expect(warnings()).toBe(1);
      // it retries (and warns again) as long as the disk is full
      await waitFor('a retry', () => warnings() >= 2, 15_000);
      // space returns: every line gets in, once and in order
      execFileSync('mount', ['-o', 'remount,size=4m', fullMain]);
      await waitFor('every line', () => logText(fullMain).includes('line 3000 '), 15_000);
      expectAllLines(logText(fullMain), 3000);
      expect(readFileSync(errPath, 'latin1').replaceAll(`${warning}\n`, '')).toBe('');
      await s.stop();
      expectAllLines(logText(fullMain).replace(/partial\n$/, ''), 3000);
    } finally {
      closeSync(errFd);
      real.kill('SIGKILL');
    }
  }, 60_000);

  it('a slow processor runs as a process while the other hosted loggers keep writing; nothing is lost', async () => {
    const root = h.root();
    const slow = addService(root, 'slow', 'run-numbered-short', 'log-multilog-processor-gate');
    const neighbour = addService(root, 'neighbour', 'run-ticks', 'log-multilog');
    const main = join(slow, 'log', 'main');
    const s = await h.start({ dir: root });
    // the first rotation's processor waits for the gate: previous stays while it runs
    await waitFor('the processor running', () => existsSync(join(main, 'previous')));
    const sh = await waitFor('its process', () => {
      const out = spawnSync('ps', ['-o', 'pid=,args=', '--ppid', String(upPid(join(slow, 'log')))], { encoding: 'utf8' }).stdout;
      return out.split('\n').find((l) => l.includes('sh -c while')) ?? false;
    });
    expect(sh).toContain('../release');
    const before = ticks(join(neighbour, 'log', 'main'));
    await waitFor('the neighbour writes meanwhile', () => ticks(join(neighbour, 'log', 'main')) >= before + 20);
    expect(existsSync(join(main, 'previous'))).toBe(true); // still the same processor run
    writeFileSync(join(slow, 'log', 'release'), '');
    await waitFor('every line', () => logText(main).includes('line 3000 '), 20_000);
    await s.stop();
    const archives = readdirSync(main).filter((n) => n.startsWith('@'));
    expect(archives.length).toBeGreaterThan(1);
    expect(archives.every((n) => n.endsWith('.s'))).toBe(true);
    expectAllLines(logText(main).replace(/partial\n$/, ''), 3000);
    expect(readFileSync(join(main, 'state'), 'latin1')).toBe('');
  }, 60_000);
});

function upPid(dir: string): number {
  const m = /: up \(pid (\d+)\)/.exec(execFileSync(realTool('svstat'), [dir], { encoding: 'utf8' }));
  return m ? Number(m[1]) : 0;
}
