import { afterEach, describe, expect, it } from '@jest/globals';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isSupervised } from '@dt/supervise-protocol';
import { isAlive as alive, stopTrees, waitFor } from '@dt/test-support';
import { TreeTimeoutError, UnknownServiceError } from '../src/errors.js';
import { startTree, type Tree } from '../src/tree.js';

const MULTILOG = '/usr/bin/multilog';

const dirs: string[] = [];
const trees: Tree[] = [];
afterEach(async () => {
  await stopTrees(trees);
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function script(path: string, text: string): void {
  writeFileSync(path, text);
  chmodSync(path, 0o755);
}

/** A scan directory: `plain` (sleeps), `logged` (prints a line, sleeps; log/ runs the real multilog). */
function scanDir(): string {
  if (!existsSync(MULTILOG)) throw new Error(`${MULTILOG} is missing: apt-get install daemontools`);
  const d = mkdtempSync(join(tmpdir(), 'dt-tree-'));
  dirs.push(d);
  mkdirSync(join(d, 'plain'));
  script(join(d, 'plain', 'run'), '#!/bin/sh\nexec sleep 1000\n');
  mkdirSync(join(d, 'logged', 'log'), { recursive: true });
  script(join(d, 'logged', 'run'), '#!/bin/sh\necho hello from logged\nexec sleep 1000\n');
  script(join(d, 'logged', 'log', 'run'), `#!/bin/sh\nexec ${MULTILOG} t ./main\n`);
  return d;
}

/** d/mute: asks for readiness on fd 3 and never gives it. */
function addMute(d: string): void {
  mkdirSync(join(d, 'mute'));
  script(join(d, 'mute', 'run'), '#!/bin/sh\nexec sleep 1000\n');
  writeFileSync(join(d, 'mute', 'notification-fd'), '3\n');
}

describe('startTree', () => {
  it('starts every service, waits until all are ready and loggers up, gives handles, stops in order', async () => {
    const d = scanDir();
    const tree = await startTree(d);
    trees.push(tree);
    expect(tree.services().map((s) => [s.name, s.dir, s.log?.dir])).toEqual([
      ['logged', join(d, 'logged'), join(d, 'logged', 'log')],
      ['plain', join(d, 'plain'), undefined],
    ]);
    const states = await tree.waitAllReady({ timeout: 20000 });
    expect([...states.keys()].sort()).toEqual(['logged', 'logged/log', 'plain']);
    for (const s of states.values()) expect(s.up).toBe(true);
    const pids = [...states.values()].map((s) => s.pid);

    // A handle per service drives its supervisor.
    await tree.service('plain').down();
    const down = await tree.service('plain').waitFor('down', { timeout: 10000 });
    expect(down.status?.want).toBe('down');
    expect(() => tree.service('nope')).toThrow(UnknownServiceError);

    await tree.stop();
    for (const pid of pids) expect(alive(pid)).toBe(false);
    for (const name of ['plain', 'logged', 'logged/log']) expect(await isSupervised(join(d, name))).toBe(false);
    // The logger outlived its service: the service's line reached the log, and current was closed cleanly (0744).
    const current = join(d, 'logged', 'log', 'main', 'current');
    expect(readFileSync(current, 'latin1')).toMatch(/^@[0-9a-f]{24} hello from logged\n$/);
  });

  it('stops the tree when an `await using` block ends, even when it throws', async () => {
    const d = scanDir();
    let pids: number[] = [];
    const run = async () => {
      await using tree = await startTree(d);
      const states = await tree.waitAllReady({ timeout: 20000 });
      pids = [...states.values()].map((s) => s.pid);
      throw new Error('the test body failed');
    };
    await expect(run()).rejects.toThrow('the test body failed');
    expect(pids.length).toBe(3);
    for (const pid of pids) expect(alive(pid)).toBe(false);
    expect(await isSupervised(join(d, 'plain'))).toBe(false);
  });

  it('rejects waitAllReady with TreeTimeoutError naming who is not ready, in what state', async () => {
    const d = scanDir();
    addMute(d);
    const tree = await startTree(d);
    trees.push(tree);
    await tree.service('mute').waitFor('up', { timeout: 10000 });
    const err = (await tree.waitAllReady({ timeout: 300 }).catch((e: unknown) => e)) as TreeTimeoutError;
    expect(err).toBeInstanceOf(TreeTimeoutError);
    expect(err.name).toBe('TimeoutError');
    expect(err.pending.map((p) => p.name)).toEqual(['mute']);
    expect(err.pending[0]!.state?.up).toBe(true);
    expect(err.message).toMatch(new RegExp(`^timed out after 300 ms waiting for ${d} to be ready: mute: up \\(pid \\d+\\), not ready$`));
    await tree.stop();
  });

  it('rejects waitAllReady with an AbortError when the signal aborts', async () => {
    const d = scanDir();
    addMute(d);
    const tree = await startTree(d);
    trees.push(tree);
    const ac = new AbortController();
    const waiting = tree.waitAllReady({ signal: ac.signal });
    ac.abort();
    await expect(waiting).rejects.toMatchObject({ name: 'AbortError' });
    await expect(tree.waitAllReady({ signal: AbortSignal.abort() })).rejects.toMatchObject({ name: 'AbortError' });
    await tree.stop();
  });

  it('collects scanner warnings instead of printing them', async () => {
    const d = scanDir();
    const seen: string[] = [];
    mkdirSync(join(d, 'norun')); // no run file: the supervisor says why, once a second
    const tree = await startTree(d, { onWarning: (l) => seen.push(l) });
    trees.push(tree);
    await waitFor('a warning about norun', () => tree.warnings.some((w) => w.includes('norun')));
    expect(seen).toEqual(expect.arrayContaining([...tree.warnings]));
    await tree.stop();
  });

  it('failures(): a service killed after waitAllReady is reported, the others are not', async () => {
    const d = scanDir();
    const tree = await startTree(d);
    trees.push(tree);
    const states = await tree.waitAllReady({ timeout: 20000 });
    expect(await tree.failures()).toEqual([]);
    const pid = states.get('plain')!.pid;
    process.kill(pid, 'SIGKILL');
    // Once the kill lands: exited (a zombie not reaped yet), then down, then restarted under a new pid.
    const end = performance.now() + 10000;
    const seen = new Set<string>();
    for (;;) {
      const failed = await tree.failures();
      if (failed.length > 0) {
        expect(failed.map((f) => [f.name, f.dir])).toEqual([['plain', join(d, 'plain')]]);
        seen.add(failed[0]!.why);
        if (failed[0]!.why === 'restarted') break;
      }
      if (performance.now() > end) throw new Error(`plain was not restarted; seen ${[...seen].join(', ')}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    expect([...seen].every((w) => ['exited', 'down', 'restarted'].includes(w))).toBe(true);
    await tree.stop();
  });

  it('rejects when the directory does not exist', async () => {
    await expect(startTree('/nonexistent/dt-tree')).rejects.toMatchObject({ code: 'DT_ERR_SCAN_DIR' });
  });
});
