// Readiness you can trust, and a tree you can watch: minimum uptime, an exit while waiting, a lock held by
// another supervisor, pending lists that say why, typed events, list(), restart-and-wait, logs as data.
import { afterEach, describe, expect, it } from '@jest/globals';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitFor } from '@dt/test-support';
import { TreeAbortError, TreeExitError, TreeLockError, TreeTimeoutError } from '../src/errors.js';
import type { ServiceEvent, ServiceExitEvent, ServiceFailingEvent } from '../src/scanner-events.js';
import { startTree, type Tree } from '../src/tree.js';
import { sessionMembers } from '../src/exit-cleanup.js';

const MULTILOG = '/usr/bin/multilog';
const dirs: string[] = [];
const trees: Tree[] = [];
afterEach(async () => {
  for (const t of trees.splice(0)) {
    t.scanner.forceStop();
    await t.stop();
  }
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function script(path: string, text: string): void {
  writeFileSync(path, text);
  chmodSync(path, 0o755);
}

function scanDir(services: Record<string, string>, logged: string[] = []): string {
  const d = mkdtempSync(join(tmpdir(), 'dt-ready-'));
  dirs.push(d);
  for (const [name, run] of Object.entries(services)) {
    mkdirSync(join(d, name));
    if (run !== '') script(join(d, name, 'run'), run);
  }
  for (const name of logged) {
    if (!existsSync(MULTILOG)) throw new Error(`${MULTILOG} is missing: apt-get install daemontools`);
    mkdirSync(join(d, name, 'log'));
    script(join(d, name, 'log', 'run'), `#!/bin/sh\nexec ${MULTILOG} t ./main\n`);
  }
  return d;
}

async function tree(d: string): Promise<Tree> {
  const t = await startTree(d, { stdio: 'ignore', cleanup: false });
  trees.push(t);
  return t;
}

const SLEEPER = '#!/bin/sh\nexec sleep 1000\n';
const CRASHER = '#!/bin/sh\necho failing >&2\nexit 3\n';

describe('waitAllReady you can trust', () => {
  it('a crash-looping service never satisfies a minimum uptime: its exit rejects with TreeExitError', async () => {
    const d = scanDir({ ok: SLEEPER, crash: CRASHER });
    const t = await tree(d);
    const err = await t.waitAllReady({ timeout: 20000, minUptime: 1500 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TreeExitError);
    expect(err).toMatchObject({ name: 'TreeExitError', code: 'DT_ERR_TREE_EXITED', service: 'crash', dir: d });
    expect((err as Error).message).toBe(`crash exited (code 3) while waiting for ${d} to be ready`);
    expect((err as TreeExitError).pending.map((p) => p.name)).toContain('crash');
  });

  it('minUptime: resolves once every service has stayed up that long', async () => {
    const d = scanDir({ a: SLEEPER, b: SLEEPER });
    const t = await tree(d);
    const states = await t.waitAllReady({ timeout: 20000, minUptime: 300 });
    expect([...states.keys()].sort()).toEqual(['a', 'b']);
    for (const st of states.values()) expect(st.up).toBe(true);
  });

  it('rejects at once with TreeLockError when another supervisor holds a lock (a second tree)', async () => {
    const d = scanDir({ a: SLEEPER });
    const first = await tree(d);
    await first.waitAllReady({ timeout: 20000 });
    const second = await tree(d);
    const err = await second.waitAllReady({ timeout: 60000 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TreeLockError);
    expect(err).toMatchObject({ name: 'TreeLockError', code: 'DT_ERR_TREE_LOCKED', errno: 'EAGAIN', services: ['a'] });
    expect((err as Error).message).toBe(`unable to acquire ${join(d, 'a')}/supervise/lock: temporary failure`);
    expect((await second.list())[0]!.failing).toMatchObject({ reason: 'locked' });
  });

  it('timeout and abort errors list every pending service with its state, last exit and last warning', async () => {
    const d = scanDir({ ok: SLEEPER, norun: '', mute: SLEEPER });
    writeFileSync(join(d, 'mute', 'notification-fd'), '3\n');
    const t = await tree(d);
    const err = (await t.waitAllReady({ timeout: 1500 }).catch((e: unknown) => e)) as TreeTimeoutError;
    expect(err).toBeInstanceOf(TreeTimeoutError);
    const byName = Object.fromEntries(err.pending.map((p) => [p.name, p]));
    expect(Object.keys(byName).sort()).toEqual(['mute', 'norun']);
    expect(byName.norun!.warning).toBe(`supervise: fatal: unable to start ${join(d, 'norun')}/run: file does not exist`);
    expect(byName.mute!.state).toMatchObject({ up: true, ready: false });
    expect(err.message).toContain(`norun: down (supervise: fatal: unable to start ${join(d, 'norun')}/run: file does not exist)`);
    expect(err.message).toMatch(/mute: up \(pid \d+\), not ready/);
    // the tree knows it is failing, and why
    const norun = (await t.list()).find((x) => x.name === 'norun')!;
    expect(norun.failing).toMatchObject({ reason: 'start', message: byName.norun!.warning });

    const ac = new AbortController();
    const waiting = t.waitAllReady({ signal: ac.signal });
    ac.abort();
    const aborted = (await waiting.catch((e: unknown) => e)) as TreeAbortError;
    expect(aborted).toBeInstanceOf(TreeAbortError);
    expect(aborted).toMatchObject({ name: 'AbortError', code: 'ABORT_ERR' });
    // aborted at once: every service not seen ready yet is pending
    expect(aborted.pending.map((p) => p.name)).toEqual(expect.arrayContaining(['mute', 'norun']));
  });
});

describe('an observable tree', () => {
  it('emits typed start, ready, exit, restart and failing events, and list() gives every state in one call', async () => {
    const d = scanDir({ a: SLEEPER, crash: CRASHER });
    const seen: string[] = [];
    const t = await startTree(d, { stdio: 'ignore', cleanup: false });
    trees.push(t);
    const failing = new Promise<ServiceFailingEvent>((resolve) => t.once('failing', resolve));
    t.on('start', (e: ServiceEvent) => seen.push(`start ${e.name}`));
    t.on('exit', (e: ServiceExitEvent) => seen.push(`exit ${e.name} ${e.code}`));
    t.on('restart', (e) => seen.push(`restart ${e.name} ${e.restarts}`));
    const f = await failing;
    expect(f).toMatchObject({ name: 'crash', reason: 'crash-loop', lastExit: { code: 3, signal: null } });
    expect(seen).toContain('exit crash 3');
    expect(seen).toContain('restart crash 1');

    const list = await t.list();
    expect(list.map((s) => s.name)).toEqual(['a', 'crash']);
    expect(list[0]).toMatchObject({ name: 'a', supervised: true, up: true, ready: true, want: 'up', restarts: 0, log: undefined });
    expect(list[0]!.since).toBeInstanceOf(Date);
    expect(list[1]).toMatchObject({ name: 'crash', failing: { reason: 'crash-loop' }, lastExit: { code: 3 } });
    expect(list[1]!.restarts).toBeGreaterThanOrEqual(2);
  });

  it('restart({ wait: "up" }) resolves with the new process', async () => {
    const d = scanDir({ a: SLEEPER });
    const t = await tree(d);
    const before = (await t.waitAllReady({ timeout: 20000 })).get('a')!;
    const after = await t.service('a').restart({ wait: 'up', timeout: 20000 });
    expect(after.up).toBe(true);
    expect(after.pid).not.toBe(before.pid);
  });

  it('logs(name) yields { date, text }, oldest first; since skips earlier lines; follow ends with its signal', async () => {
    const d = scanDir({ talk: '#!/bin/sh\necho one\necho two\nexec sleep 1000\n' }, ['talk']);
    const t = await tree(d);
    await t.waitAllReady({ timeout: 20000 });
    const read = async (opts = {}) => {
      const out = [];
      for await (const e of t.logs('talk', opts)) out.push(e);
      return out;
    };
    const lines = await waitFor('two lines in the log', async () => ((await read()).length === 2 ? read() : undefined));
    expect(lines.map((l) => l.text)).toEqual(['one', 'two']);
    for (const l of lines) {
      expect(l.date).toBeInstanceOf(Date);
      expect(Math.abs(Date.now() - l.date!.getTime())).toBeLessThan(60_000);
    }
    expect(await read({ since: new Date(Date.now() + 60_000) })).toEqual([]);

    const ac = new AbortController();
    const got: string[] = [];
    const following = (async () => {
      for await (const e of t.logs('talk', { follow: true, signal: ac.signal, pollInterval: 50 })) {
        got.push(e.text);
        if (got.length === 2) ac.abort();
      }
    })();
    await following;
    expect(got).toEqual(['one', 'two']);
  });
});

describe('stop leaves nothing behind', () => {
  it('a child the run script did not take along is swept from its session, so the logger reads EOF at once', async () => {
    // Without the sweep, `sleep` would hold the log pipe open and the stop would wait drainTimeoutMs (here: for ever).
    const d = scanDir({ leaky: '#!/bin/sh\necho started\nsleep 1000 &\nwait\n' }, ['leaky']);
    const t = await startTree(d, { stdio: 'ignore', cleanup: false, drainTimeoutMs: 600_000 });
    const pids = [...(await t.waitAllReady({ timeout: 20000 })).values()].map((st) => st.pid);
    await waitFor('the sleep in the service session', () => sessionMembers(pids[0]!).length === 2 || undefined);
    await t.stop();
    for (const sid of pids) expect(sessionMembers(sid)).toEqual([]);
  });
});
