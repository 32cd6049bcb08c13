// supervise against the real daemontools 0.76: usage and fatal texts side by side with /usr/bin/supervise,
// the lock both ways, the real svc driving every letter, svok agreeing, and no deafness after a start.
import { afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { chmodSync, closeSync, constants, copyFileSync, openSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { readSidecarFile } from '@dt/supervise-protocol';
import { SUPERVISOR_FIXTURES as FIXTURES, isAlive, makeService, procState, readLines, waitFor } from '@dt/test-support';
import { type Running, runSupervise, SUPERVISE_JS, useSuperviseTest } from './supervisor-e2e-helpers.js';

const { janitor, roots } = useSuperviseTest('/usr/bin/supervise', '/usr/bin/svc', '/usr/bin/svok', '/usr/bin/svstat');

function root(run: string | undefined, opts: { down?: boolean } = {}): string {
  const { root: r } = makeService(run, opts);
  roots.push(r);
  return r;
}

function start(which: 'ours' | 'real', cwd: string, name = 'svc'): Running {
  const r = runSupervise(which, cwd, name);
  janitor.add(r.proc.pid);
  return r;
}

async function svok(cwd: string, name = 'svc'): Promise<number> {
  return (await execa('/usr/bin/svok', [name], { cwd, reject: false })).exitCode ?? -1;
}

async function svc(cwd: string, ...args: string[]): Promise<void> {
  const r = await execa('/usr/bin/svc', args, { cwd, reject: false });
  expect({ exitCode: r.exitCode, stderr: r.stderr }).toEqual({ exitCode: 0, stderr: '' });
}

function statusPid(cwd: string): number {
  return readFileSync(join(cwd, 'svc', 'supervise', 'status')).readUInt32LE(12);
}


describe('supervise usage and fatal errors, side by side with /usr/bin/supervise', () => {
  const none = () => {};
  const cases: Array<[string, string[], (svc: string) => void]> = [
    ['no argument', [], none],
    ['two arguments', ['a', 'b'], none],
    ['a missing directory', ['nonexistent'], none],
    ['a file instead of a directory', ['svc/run'], none],
    ['supervise is a plain file', ['svc'], (d) => writeFileSync(join(d, 'supervise'), '')],
    ['down is a symlink loop', ['svc'], (d) => symlinkSync('down', join(d, 'down'))],
    ['supervise is a symlink loop (readlink works, mkdir fails)', ['svc'], (d) => symlinkSync('supervise', join(d, 'supervise'))],
  ];
  it.each(cases)('%s: same stderr and exit code', async (_what, args, setup) => {
    // each program gets its own copy of the directory, so neither sees what the other created
    const cwds = [root('run-sleep'), root('run-sleep')];
    for (const cwd of cwds) setup(join(cwd, 'svc'));
    const ours = await execa(process.execPath, [SUPERVISE_JS, ...args], { cwd: cwds[0], reject: false, timeout: 10_000 });
    const real = await execa('/usr/bin/supervise', args, { cwd: cwds[1], reject: false, timeout: 10_000 });
    expect({ code: ours.exitCode, stderr: ours.stderr, stdout: ours.stdout }).toEqual({
      code: real.exitCode,
      stderr: real.stderr,
      stdout: real.stdout,
    });
    expect(ours.exitCode).toBe(args.length === 1 ? 111 : 100);
  });

  it('a dangling supervise symlink: both create its target 0700 and run (Debian patch 0002)', async () => {
    const seen: Array<{ mode: number; status: number }> = [];
    for (const which of ['real', 'ours'] as const) {
      const cwd = root('run-sleep');
      symlinkSync('../state', join(cwd, 'svc', 'supervise'));
      const sup = start(which, cwd);
      await waitFor(`${which}: svok`, async () => (await svok(cwd)) === 0);
      seen.push({ mode: statSync(join(cwd, 'state')).mode & 0o7777, status: statSync(join(cwd, 'state', 'status')).size });
      await svc(cwd, '-dx', 'svc');
      expect(await sup.exited).toEqual({ code: 0, signal: null });
    }
    expect(seen[1]).toEqual(seen[0]);
    expect(seen[0]).toEqual({ mode: 0o700 & ~process.umask(), status: 18 });
  });

  it('prints the exact usage line', async () => {
    const r = await execa(process.execPath, [SUPERVISE_JS], { reject: false });
    expect({ code: r.exitCode, stderr: r.stderr }).toEqual({ code: 100, stderr: 'supervise: usage: supervise dir' });
  });

  it('ours fails with temporary failure while the real supervise holds the lock', async () => {
    const cwd = root('run-sleep');
    start('real', cwd);
    await waitFor('real supervise up', async () => (await svok(cwd)) === 0);
    const r = await execa(process.execPath, [SUPERVISE_JS, 'svc'], { cwd, reject: false, timeout: 10_000 });
    expect({ code: r.exitCode, stderr: r.stderr }).toEqual({
      code: 111,
      stderr: 'supervise: fatal: unable to acquire svc/supervise/lock: temporary failure',
    });
  });

  it('the real supervise fails with temporary failure while ours holds the lock', async () => {
    const cwd = root('run-sleep');
    start('ours', cwd);
    await waitFor('our supervise up', async () => (await svok(cwd)) === 0);
    const r = await execa('/usr/bin/supervise', ['svc'], { cwd, reject: false, timeout: 10_000 });
    expect({ code: r.exitCode, stderr: r.stderr }).toEqual({
      code: 111,
      stderr: 'supervise: fatal: unable to acquire svc/supervise/lock: temporary failure',
    });
  });
});

describe('the real svc drives our supervise', () => {
  it('every letter has 0.76 effect, as a trap in run records it; q 1 2 through the FIFO', async () => {
    const cwd = root('run-signals');
    const sup = start('ours', cwd);
    const signals = join(cwd, 'svc', 'signals');
    await waitFor('svok', async () => (await svok(cwd)) === 0);
    const pid = await waitFor('run up', () => statusPid(cwd) || undefined);
    await waitFor('trap set-up', () => readLines(signals).includes(`start ${pid}`));
    const expectNext = async (name: string) => {
      const n = readLines(signals).length;
      return () => {
        const l = readLines(signals);
        return l.length > n && l[n] === name;
      };
    };
    const viaSvc = (opt: string) => () => svc(cwd, opt, 'svc');
    const viaFifo = (letter: string) => () => {
      const fd = openSync(join(cwd, 'svc', 'supervise', 'control'), constants.O_WRONLY | constants.O_NONBLOCK);
      writeFileSync(fd, letter);
      closeSync(fd);
    };
    for (const [how, name, send] of [
      ['svc -a', 'ALRM', viaSvc('-a')],
      ['svc -h', 'HUP', viaSvc('-h')],
      ['svc -i', 'INT', viaSvc('-i')],
      ['q', 'QUIT', viaFifo('q')],
      ['1', 'USR1', viaFifo('1')],
      ['2', 'USR2', viaFifo('2')],
    ] as const) {
      const seen = await expectNext(name);
      await send();
      await waitFor(`${name} after ${how}`, seen);
    }
    // p: stopped and paused; c: continued
    await svc(cwd, '-p', 'svc');
    await waitFor('stopped', () => procState(pid) === 'T');
    expect((await execa('/usr/bin/svstat', ['svc'], { cwd })).stdout).toMatch(/^svc: up \(pid \d+\) \d+ seconds, paused$/);
    const cont = await expectNext('CONT');
    await svc(cwd, '-c', 'svc');
    await waitFor('continued', cont);
    // t: TERM, and (wanted up) a restart
    await svc(cwd, '-t', 'svc');
    const pid2 = await waitFor('restart after -t', () => {
      const p = statusPid(cwd);
      return p !== 0 && p !== pid ? p : undefined;
    });
    expect(readLines(signals)).toContain('TERM');
    await waitFor('trap set-up', () => readLines(signals).includes(`start ${pid2}`));
    // k: killed and restarted
    await svc(cwd, '-k', 'svc');
    const pid3 = await waitFor('restart after -k', () => {
      const p = statusPid(cwd);
      return p !== 0 && p !== pid2 ? p : undefined;
    });
    await waitFor('trap set-up', () => readLines(signals).includes(`start ${pid3}`));
    // d: TERM then CONT, down, want... down; u: up again; o: once
    const before = readLines(signals).length;
    await svc(cwd, '-d', 'svc');
    await waitFor('down', () => statusPid(cwd) === 0);
    expect(readLines(signals).slice(before).sort()).toEqual(['CONT', 'TERM']);
    expect((await execa('/usr/bin/svstat', ['svc'], { cwd })).stdout).toMatch(/^svc: down \d+ seconds, normally up$/);
    await svc(cwd, '-o', 'svc');
    const pid4 = await waitFor('once', () => statusPid(cwd) || undefined);
    expect(readFileSync(join(cwd, 'svc', 'supervise', 'status'))[17]).toBe(0);
    await waitFor('trap set-up', () => readLines(signals).includes(`start ${pid4}`));
    await svc(cwd, '-t', 'svc');
    await waitFor('down after once', () => statusPid(cwd) === 0);
    await svc(cwd, '-u', 'svc');
    await waitFor('up again', () => statusPid(cwd) || undefined);
    // x with the service up: supervise stays; dx: down, then supervise exits 0
    await svc(cwd, '-x', 'svc');
    expect(await svok(cwd)).toBe(0);
    await svc(cwd, '-dx', 'svc');
    expect(await sup.exited).toEqual({ code: 0, signal: null });
    expect(await svok(cwd)).toBe(100);
    expect((await execa('/usr/bin/svstat', ['svc'], { cwd })).stdout).toBe('svc: supervise not running');
    expect(sup.stderr()).toBe('');
  });

  it('svc -t reaches the service at once right after a start (0.76 would wait out its second)', async () => {
    // The status stamp is the start's wall-clock time. 0.76 reads no command for a second after a start,
    // so there the service always dies at least 1 s after its stamp; ours dies when -t arrives. A loaded
    // machine may be slow to send -t, so up to three starts are tried (each kill brings a new start).
    const cwd = root('run-sleep');
    start('ours', cwd);
    const stampMs = () => {
      const st = readFileSync(join(cwd, 'svc', 'supervise', 'status'));
      const unix = st.readBigUInt64BE(0) - (2n ** 62n + 10n);
      return Number(unix) * 1000 + st.readUInt32BE(8) / 1e6;
    };
    const lags: number[] = [];
    let previous = 0;
    for (let attempt = 0; attempt < 3; attempt++) {
      const pid = await waitFor('a new start', () => {
        const p = statusPid(cwd);
        return p !== 0 && p !== previous ? p : undefined;
      });
      previous = pid;
      const stamp = stampMs();
      await svc(cwd, '-t', 'svc');
      await waitFor('service gone', () => !isAlive(pid) || procState(pid) === 'Z', 5_000);
      lags.push(Date.now() - stamp);
      if (lags[lags.length - 1]! < 1000) break;
    }
    expect(Math.min(...lags)).toBeLessThan(1000);
  });

  it.each([
    ['missing', undefined, 0o755],
    ['not executable', 'run-sleep', 0o644],
    ['without #!', 'run-noshebang', 0o755],
  ] as const)('run %s: the same line as the real supervise', async (_what, fixture, mode) => {
    const lines: string[] = [];
    for (const which of ['real', 'ours'] as const) {
      const cwd = root(undefined);
      if (fixture !== undefined) {
        copyFileSync(join(FIXTURES, fixture), join(cwd, 'svc', 'run'));
        chmodSync(join(cwd, 'svc', 'run'), mode);
      }
      const sup = start(which, cwd);
      const line = await waitFor(`${which}: first line`, () => (sup.stderr().includes('\n') ? sup.stderr().split('\n')[0] : undefined));
      lines.push(line!);
      sup.proc.kill('SIGKILL');
    }
    expect(lines[1]).toBe(lines[0]);
    expect(lines[0]).toMatch(/^supervise: fatal: unable to start svc\/run: (file does not exist|access denied|exec format error)$/);
  });

  it('missing run: 0.76 fatal line once a second, supervise lives on, svok says running', async () => {
    const cwd = root(undefined);
    const sup = start('ours', cwd);
    await waitFor('two lines', () => sup.stderr().split('\n').length >= 3, 10_000);
    expect(sup.stderr().split('\n').slice(0, 2)).toEqual([
      'supervise: fatal: unable to start svc/run: file does not exist',
      'supervise: fatal: unable to start svc/run: file does not exist',
    ]);
    expect(await svok(cwd)).toBe(0);
    await svc(cwd, '-x', 'svc');
    expect(await sup.exited).toEqual({ code: 0, signal: null });
  });
});

describe('what ./run inherits from our supervise', () => {
  it('default signal dispositions and an empty mask, even when supervise itself was started ignoring INT, QUIT and HUP', async () => {
    const cwd = root('run-sleep');
    const sup = execa('/bin/sh', ['-c', `trap '' INT QUIT HUP; exec '${process.execPath}' '${SUPERVISE_JS}' svc`], {
      cwd,
      reject: false,
      stdio: 'ignore',
    });
    janitor.add(sup.pid);
    const pid = await waitFor('run up', () => statusPid(cwd) || undefined);
    await waitFor('run became sleep', () => readFileSync(`/proc/${pid}/cmdline`, 'utf8').startsWith('sleep'));
    const sigOf = (p: number) =>
      readFileSync(`/proc/${p}/status`, 'utf8')
        .split('\n')
        .filter((l) => /^Sig(Blk|Ign):/.test(l));
    // supervise (node) really runs with those ignored...
    expect(sigOf(sup.pid!).find((l) => l.startsWith('SigIgn:'))).not.toBe('SigIgn:\t0000000000000000');
    // ...and ./run does not inherit them
    expect(sigOf(pid)).toEqual(['SigBlk:\t0000000000000000', 'SigIgn:\t0000000000000000']);
    await svc(cwd, '-dx', 'svc');
    expect((await sup).exitCode).toBe(0);
  });
});

describe('supervise extensions, driven by the real svc', () => {
  it('readiness on notification-fd and ./finish show in dt-status.json; svstat reads the same as ever', async () => {
    const cwd = root('run-notify');
    const dir = join(cwd, 'svc');
    writeFileSync(join(dir, 'notification-fd'), '3\n');
    copyFileSync(join(FIXTURES, 'finish-record'), join(dir, 'finish'));
    chmodSync(join(dir, 'finish'), 0o755);
    const sup = start('ours', cwd);
    const pid = await waitFor('run up', () => statusPid(cwd) || undefined);
    await waitFor('sidecar for the pid', () => readSidecarFile(dir)?.pid === pid);
    expect(readSidecarFile(dir)).toMatchObject({ ready: false, readyAt: null, restarts: 0, supervisorPid: sup.proc.pid });
    writeFileSync(join(dir, 'go'), '');
    await waitFor('ready', () => readSidecarFile(dir)?.ready === true);
    expect((await execa('/usr/bin/svstat', ['svc'], { cwd })).stdout).toMatch(/^svc: up \(pid \d+\) \d+ seconds$/);
    await svc(cwd, '-t', 'svc');
    await waitFor('finish ran', () => readLines(join(dir, 'finished')).length === 1);
    expect(readLines(join(dir, 'finished'))).toEqual(['finish 2 256 15']);
    const pid2 = await waitFor('restarted', () => {
      const p = statusPid(cwd);
      return p !== 0 && p !== pid ? p : undefined;
    });
    // ./go is still there: the new run reports readiness as soon as it starts
    await waitFor('the new run ready', () => readSidecarFile(dir)?.pid === pid2 && readSidecarFile(dir)?.ready === true);
    const side = readSidecarFile(dir)!;
    expect(side).toMatchObject({ ready: true, restarts: 1, lastExit: { code: null, signal: 'SIGTERM' } });
    await svc(cwd, '-dx', 'svc');
    expect(await sup.exited).toEqual({ code: 0, signal: null });
    expect(readLines(join(dir, 'finished'))).toEqual(['finish 2 256 15', 'finish 2 256 15']);
  });
});
