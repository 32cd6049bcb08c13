import { afterEach, describe, expect, it } from '@jest/globals';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SVSCAN_LOG_DIR } from '../src/index.js';
import { ScanHarness, addService, installScript, isAlive, readLines, realTool, waitFor } from './scan-helpers.js';

const h = new ScanHarness();
afterEach(() => h.cleanUp());

/** svok from the real daemontools: 0 when a supervisor holds DIR/supervise/ok. */
function svok(dir: string): boolean {
  return spawnSync(realTool('svok'), [dir]).status === 0;
}

function svstat(dir: string): string {
  return execFileSync(realTool('svstat'), [dir], { encoding: 'utf8' });
}

function svc(opts: string, dir: string): void {
  execFileSync(realTool('svc'), [opts, dir]);
}

function pidOf(dir: string): number {
  const m = /up \(pid (\d+)\)/.exec(svstat(dir));
  return m ? Number(m[1]) : 0;
}

describe('Scanner', () => {
  it('supervises every non-dot directory and symlink to one, each with its logger, for the real svok and svstat', async () => {
    const root = h.root();
    addService(root, 'a', 'run-sleep', 'log-cat');
    const elsewhere = h.root();
    addService(elsewhere, 'b', 'run-sleep');
    symlinkSync(join(elsewhere, 'b'), join(root, 'b-link'));
    mkdirSync(join(root, '.hidden'));
    installScript('run-sleep', join(root, '.hidden', 'run'));
    installScript('run-sleep', join(root, 'plain-file'));
    const scanner = await h.start({ dir: root });

    for (const d of ['a', 'a/log', 'b-link']) await waitFor(`${d} up`, () => pidOf(join(root, d)) > 0);
    expect(svok(join(root, '.hidden'))).toBe(false);
    expect(existsSync(join(root, '.hidden', 'supervise'))).toBe(false);
    const names = scanner.services().map((s) => [s.name, s.hasLog]).sort();
    expect(names).toEqual([
      ['a', true],
      ['b-link', false],
    ]);
    expect(h.warnings).toEqual([]);
  });

  it('starts a new directory within moments of its appearance (fs.watch), long before the 5-second rescan', async () => {
    const root = h.root();
    await h.start({ dir: root });
    const t0 = performance.now();
    const dir = addService(root, 'late', 'run-sleep');
    await waitFor('late up', () => pidOf(dir) > 0, 4000);
    // generous for a loaded machine; the benchmark measures the real figure
    expect(performance.now() - t0).toBeLessThan(4000);
  });

  it('gives a directory built in place (no run yet) until the next full scan, so its log is not missed', async () => {
    const root = h.root();
    const scanner = await h.start({ dir: root, rescanMs: 1500 });
    const dir = join(root, 'inplace');
    mkdirSync(dir);
    // the change-triggered scan sees a directory without run: it waits for the periodic scan
    await new Promise((r) => setTimeout(r, 200));
    expect(scanner.services()).toEqual([]);
    installScript('run-sleep', join(dir, 'run'));
    mkdirSync(join(dir, 'log'));
    installScript('log-cat', join(dir, 'log', 'run'));
    await waitFor('inplace up with its logger', () => pidOf(dir) > 0 && pidOf(join(dir, 'log')) > 0);
    expect(scanner.services()).toMatchObject([{ name: 'inplace', hasLog: true }]);
  });

  it('keeps the log pipe across logger and service restarts: every line of every run arrives, in order', async () => {
    const root = h.root();
    const dir = addService(root, 'counted', 'run-counted', 'log-read-250');
    await h.start({ dir: root });
    const out = join(dir, 'log', 'out');
    // three runs of 300 lines through loggers that each quit after 250 lines: 3 service restarts, 3 logger restarts
    await waitFor('900 lines', () => readLines(out).length >= 900, 20_000);
    const lines = readLines(out);
    expect(lines).toHaveLength(900);
    const runs = new Map<string, number[]>();
    for (const l of lines) {
      const [pid, n] = l.split(' ');
      if (!runs.has(pid!)) runs.set(pid!, []);
      runs.get(pid!)!.push(Number(n));
    }
    expect(runs.size).toBe(3);
    for (const seq of runs.values()) expect(seq).toEqual(Array.from({ length: 300 }, (_, i) => i + 1));
  }, 30_000);

  it('restarts a supervisor that ended (svc -x) at the next scan, as 0.76 svscan restarts supervise', async () => {
    const root = h.root();
    const dir = addService(root, 'x', 'run-sleep');
    await h.start({ dir: root, rescanMs: 300 });
    const first = await waitFor('x up', () => pidOf(dir) || undefined);
    svc('-dx', dir);
    await waitFor('first pid gone', () => !isAlive(first));
    const second = await waitFor('x up again under a new supervisor', () => {
      const p = pidOf(dir);
      return p !== 0 && p !== first ? p : undefined;
    });
    expect(svok(dir)).toBe(true);
    expect(second).not.toBe(first);
  });

  it('takes over a service whose previous supervisor was killed (a real supervise held the lock)', async () => {
    const root = h.root();
    const dir = addService(root, 'held', 'run-sleep');
    const real = spawn(realTool('supervise'), [dir], { stdio: 'ignore' });
    h.track(real.pid!);
    await waitFor('real supervise up', () => svok(dir));
    const realChild = await waitFor('real child', () => pidOf(dir) || undefined);
    h.track(realChild);
    await h.start({ dir: root, rescanMs: 300 });
    await waitFor('lock warning', () => h.warnings.length > 0);
    expect(h.warnings[0]).toBe(`supervise: fatal: unable to acquire ${dir}/supervise/lock: temporary failure`);
    // kill the real supervise and its service: the next scan restarts supervision with ours
    real.kill('SIGKILL');
    process.kill(realChild, 'SIGKILL');
    const ours = await waitFor('our child', () => {
      const p = pidOf(dir);
      return p !== 0 && p !== realChild ? p : undefined;
    });
    expect(isAlive(ours)).toBe(true);
  });

  it('keeps its entries active when the directory cannot be read (svscan.c returns before marking them)', async () => {
    const root = h.root();
    addService(root, 'kept', 'run-sleep');
    const scanner = await h.start({ dir: root, rescanMs: 60_000, watch: false });
    await waitFor('kept up', () => scanner.services()[0]?.pid || undefined);
    const away = `${root}.away`;
    renameSync(root, away);
    try {
      await scanner.scan();
      expect(h.warnings).toContain('svscan: warning: unable to read directory: file does not exist');
      expect(scanner.services()).toMatchObject([{ name: 'kept', active: true, supervised: true }]);
    } finally {
      renameSync(away, root);
    }
  });

  it('leaves the supervisor of a removed directory running, as 0.76, and forgets it once it ends', async () => {
    const root = h.root();
    const dir = addService(root, 'gone', 'run-sleep', 'log-cat');
    const scanner = await h.start({ dir: root, rescanMs: 300 });
    const pid = await waitFor('gone up', () => pidOf(dir) || undefined);
    rmSync(dir, { recursive: true, force: true });
    await waitFor('entry inactive', () => scanner.services()[0]?.active === false);
    expect(scanner.services()[0]).toMatchObject({ name: 'gone', supervised: true, pid });
    expect(isAlive(pid)).toBe(true);
    await scanner.stop();
    expect(isAlive(pid)).toBe(false);
    expect(scanner.services()).toEqual([]);
  });

  it('warns in 0.76 words about what it cannot stat', async () => {
    const root = h.root();
    symlinkSync(join(root, 'nowhere'), join(root, 'dangling'));
    await h.start({ dir: root });
    expect(h.warnings).toEqual(['svscan: warning: unable to stat dangling: file does not exist']);
  });

  it('stops in order: shutdown scripts first, services down, loggers drain to the last line, everything done', async () => {
    const root = h.root();
    const dir = addService(root, 'flood', 'run-flood', 'log-cat', { shutdown: 'shutdown-mark' });
    const scanner = await h.start({ dir: root });
    const out = join(dir, 'log', 'out');
    await waitFor('flooding', () => readLines(out).length > 2000);
    const [svcPid, logPid] = [pidOf(dir), pidOf(join(dir, 'log'))];
    await scanner.stop();
    expect(isAlive(svcPid)).toBe(false);
    expect(isAlive(logPid)).toBe(false);
    expect(readFileSync(join(dir, 'shutdown-ran'), 'utf8')).toBe('shutdown ran\n');
    // every number the service wrote is there, none missing, none cut: the logger read the pipe to EOF
    const text = readFileSync(out, 'utf8');
    expect(text.endsWith('\n')).toBe(true);
    const nums = text
      .split('\n')
      .filter((l) => l !== '' && l !== 'shutdown script says bye')
      .map(Number);
    expect(nums.length).toBeGreaterThan(2000);
    expect(nums.every((n, i) => n === i + 1)).toBe(true);
    expect(text).toContain('shutdown script says bye\n');
    expect(svok(dir)).toBe(false);
    expect(svok(join(dir, 'log'))).toBe(false);
  });

  it('starts a logger that had been told to exit again at stop time, so what waits in its pipe is logged', async () => {
    const root = h.root();
    const dir = addService(root, 'waiting', 'run-counted', 'log-read-once-flag');
    const scanner = await h.start({ dir: root, rescanMs: 60_000 });
    const log = join(dir, 'log');
    await waitFor('logger up', () => pidOf(log) > 0);
    // x, then the logger leaves by itself after its next line (a TERM could cost the line it holds)
    svc('-x', log);
    writeFileSync(join(log, 'stop-once'), '');
    await waitFor('logger supervisor gone', () => !svok(log));
    const before = readLines(join(log, 'out')).length;
    // the fourth run only sleeps: by then all three runs have written their 300 lines
    await waitFor('the service wrote on', () => existsSync(join(dir, 'runs')) && readFileSync(join(dir, 'runs'), 'utf8') === '4\n', 15_000);
    await scanner.stop();
    // three runs of 300 lines: the ones written while no logger ran were in the pipe, and are logged now
    expect(before).toBeLessThan(900);
    expect(readLines(join(log, 'out'))).toHaveLength(900);
  });

  it('tells a logger whose pipe a left-behind process holds open to go, once the drain time is over', async () => {
    const root = h.root();
    const dir = addService(root, 'orphan', 'run-orphan', 'log-cat');
    const scanner = await h.start({ dir: root, drainTimeoutMs: 300 });
    const orphan = await waitFor('orphan pid', () => Number(readFileSync(join(dir, 'orphan.pid'), 'utf8')) || undefined);
    h.track(orphan);
    await waitFor('logger up', () => pidOf(join(dir, 'log')) > 0);
    await scanner.stop();
    expect(isAlive(orphan)).toBe(true);
    expect(h.warnings).toEqual(['svscan: warning: orphan/log: input still open 300 ms after orphan stopped, sending TERM']);
    expect(svok(join(dir, 'log'))).toBe(false);
  });

  it('sends its own warnings and the services’ stderr into SCANDIR/.svscan/log when it exists', async () => {
    const root = h.root();
    mkdirSync(join(root, '.svscan', 'log'), { recursive: true });
    installScript('log-cat', join(root, SVSCAN_LOG_DIR, 'run'));
    addService(root, 'talker', 'run-echo-stderr');
    symlinkSync(join(root, 'nowhere'), join(root, 'dangling'));
    const scanner = await h.start({ dir: root });
    const out = join(root, SVSCAN_LOG_DIR, 'out');
    await waitFor('svscan log lines', () => readLines(out).length >= 2);
    expect(readLines(out).sort()).toEqual(['stderr of talker', 'svscan: warning: unable to stat dangling: file does not exist']);
    expect(h.warnings).toEqual([]);
    expect(svok(join(root, SVSCAN_LOG_DIR))).toBe(true);
    await scanner.stop();
    expect(svok(join(root, SVSCAN_LOG_DIR))).toBe(false);
  });

  it('works with the real svc for every letter that changes state: d, u, o, p, c', async () => {
    const root = h.root();
    const dir = addService(root, 'ctl', 'run-sleep');
    await h.start({ dir: root });
    const pid = await waitFor('ctl up', () => pidOf(dir) || undefined);
    svc('-p', dir);
    await waitFor('paused', () => svstat(dir).includes(', paused'));
    svc('-c', dir);
    await waitFor('continued', () => !svstat(dir).includes(', paused'));
    svc('-d', dir);
    await waitFor('down', () => /: down \d+ seconds, normally up\n$/.test(svstat(dir)));
    expect(isAlive(pid)).toBe(false);
    svc('-u', dir);
    await waitFor('up again', () => pidOf(dir) !== 0);
  });
});
