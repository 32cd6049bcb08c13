import { afterEach, describe, expect, it } from '@jest/globals';
import {
  chmodSync,
  closeSync,
  constants,
  copyFileSync,
  lstatSync,
  mkdirSync,
  openSync,
  readFileSync,
  realpathSync,
  rmdirSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { readSidecarFile, readStatusBytes, readStatusFile } from '@dt/supervise-protocol';
import { SUPERVISE_ERROR_CODES, SuperviseError } from '../src/errors.js';
import { Supervisor, type SupervisorExit } from '../src/supervisor.js';
import {
  FIXTURES,
  isAlive,
  procState,
  readLines,
  waitFor,
} from './supervisor-helpers.js';
import { Harness } from './supervisor-harness.js';

const harness = new Harness();
const service = (run: string | undefined, opts: { down?: boolean } = {}): string => harness.service(run, opts);
const supervise = (dir: string, warnings: string[] = []): Supervisor => harness.supervise(dir, warnings);

function nextEvent<T>(s: Supervisor, name: 'start' | 'exit' | 'done'): Promise<T> {
  return new Promise((resolve) => s.once(name, ((v: T) => resolve(v)) as never));
}

/** A service with a down file, its supervisor started (nothing running yet). */
async function startedDown(run: string): Promise<{ dir: string; s: Supervisor }> {
  const dir = service(run, { down: true });
  const s = supervise(dir);
  await s.start();
  return { dir, s };
}

afterEach(() => harness.cleanup());

describe('Supervisor start-up (supervise.c main)', () => {
  it('creates supervise/ 0700, lock 0600 (flocked), control and ok FIFOs 0600, an 18-byte status, and starts ./run', async () => {
    const dir = service('run-sleep');
    const old = process.umask(0o022);
    const s = supervise(dir);
    const started = nextEvent<number>(s, 'start');
    try {
      await s.start();
    } finally {
      process.umask(old);
    }
    const pid = await started;
    expect(s.pid).toBe(pid);
    const sup = join(dir, 'supervise');
    expect(statSync(sup).mode & 0o7777).toBe(0o700);
    expect(statSync(join(sup, 'lock')).mode & 0o7777).toBe(0o600);
    expect(statSync(join(sup, 'control')).isFIFO()).toBe(true);
    expect(statSync(join(sup, 'control')).mode & 0o7777).toBe(0o600);
    expect(statSync(join(sup, 'ok')).isFIFO()).toBe(true);
    expect(statSync(join(sup, 'ok')).mode & 0o7777).toBe(0o600);
    expect(statSync(join(sup, 'status')).mode & 0o7777).toBe(0o644);
    expect(readStatusBytes(dir).length).toBe(18);
    const st = readStatusFile(dir);
    expect(st).toMatchObject({ pid, paused: false, want: 'up' });
    // ok has a reader: an O_WRONLY|O_NONBLOCK open succeeds (svok's test)
    closeSync(openSync(join(sup, 'ok'), constants.O_WRONLY | constants.O_NONBLOCK));
    await waitFor('run to log its start', () => readLines(join(dir, 'starts')).length === 1);
  });

  it('starts ./run with no arguments, the service dir as cwd, default signal dispositions and an empty mask', async () => {
    const dir = service('run-env');
    const { s, pid } = await harness.up(dir);
    const text = await waitFor('started', () => readLines(join(dir, 'started')).length >= 2 && readLines(join(dir, 'started')));
    expect(text).toEqual(['args 0', `cwd ${realpathSync(dir)}`]);
    // after exec sleep (same pid): the mask and ignored set ./run was given
    await waitFor('run became sleep', () => readFileSync(`/proc/${pid}/cmdline`, 'utf8').startsWith('sleep'));
    const sig = readFileSync(`/proc/${pid}/status`, 'utf8')
      .split('\n')
      .filter((l) => /^Sig(Blk|Ign):/.test(l));
    expect(sig).toEqual(['SigBlk:\t0000000000000000', 'SigIgn:\t0000000000000000']);
  });

  it('reads down at start: the service stays down, want down... until u', async () => {
    const { dir, s } = await startedDown('run-sleep');
    expect(s.pid).toBe(0);
    expect(s.isNormallyDown).toBe(true);
    expect(readStatusFile(dir)).toMatchObject({ pid: 0, want: 'down' });
    const started = nextEvent<number>(s, 'start');
    s.control('u');
    const pid = await started;
    expect(readStatusFile(dir)).toMatchObject({ pid, want: 'up' });
  });

  it('fails with temporary failure when another supervisor holds the lock, and leaves it alone', async () => {
    const dir = service('run-sleep');
    const first = supervise(dir);
    await first.start();
    const second = supervise(dir);
    const err = await second.start().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(SuperviseError);
    expect((err as SuperviseError).code).toBe(SUPERVISE_ERROR_CODES.lock);
    expect((err as SuperviseError).message).toBe(`unable to acquire ${dir}/supervise/lock: temporary failure`);
    expect(first.pid).not.toBe(0);
    // the first one still answers
    closeSync(openSync(join(dir, 'supervise', 'ok'), constants.O_WRONLY | constants.O_NONBLOCK));
  });

  it('fails as 0.76 when the directory is missing', async () => {
    const dir = join(service(undefined), 'nonexistent');
    const err = await supervise(dir)
      .start()
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect((err as SuperviseError).code).toBe(SUPERVISE_ERROR_CODES.chdir);
    expect((err as SuperviseError).message).toBe(`unable to chdir to ${dir}: file does not exist`);
  });

  it('creates the target of a dangling supervise symlink 0700 (Debian patch 0002)', async () => {
    const dir = service('run-sleep');
    const target = join(dir, '..', 'state-elsewhere');
    symlinkSync('../state-elsewhere', join(dir, 'supervise'));
    const s = supervise(dir);
    await s.start();
    expect(lstatSync(join(dir, 'supervise')).isSymbolicLink()).toBe(true);
    expect(statSync(target).mode & 0o7777).toBe(0o700);
    expect(statSync(join(target, 'status')).size).toBe(18);
  });
});

describe('Supervisor control letters (supervise.c doit)', () => {
  async function upWithSignals(): Promise<{ s: Supervisor; dir: string; pid: number }> {
    const dir = service('run-signals');
    const { s, pid } = await harness.up(dir);
    await waitFor('trap set-up', () => readLines(join(dir, 'signals')).includes(`start ${pid}`));
    return { s, dir, pid };
  }

  it('a h i q 1 2 send ALRM HUP INT QUIT USR1 USR2 to the service and change nothing else', async () => {
    const { s, dir, pid } = await upWithSignals();
    const before = readStatusBytes(dir);
    const expected: Array<[string, string]> = [
      ['a', 'ALRM'],
      ['h', 'HUP'],
      ['i', 'INT'],
      ['q', 'QUIT'],
      ['1', 'USR1'],
      ['2', 'USR2'],
    ];
    for (const [letter, name] of expected) {
      const n = readLines(join(dir, 'signals')).length;
      s.control(letter);
      await waitFor(`${name} after ${letter}`, () => {
        const lines = readLines(join(dir, 'signals'));
        return lines.length === n + 1 && lines[n] === name;
      });
    }
    expect(s.pid).toBe(pid);
    expect(readStatusBytes(dir)).toEqual(before);
  });

  it('p stops the service and sets the paused byte; c continues it and clears it', async () => {
    const { s, dir, pid } = await upWithSignals();
    s.control('p');
    await waitFor('stopped', () => procState(pid) === 'T');
    expect(readStatusBytes(dir)[16]).toBe(1);
    expect(readStatusFile(dir)).toMatchObject({ pid, paused: true, want: 'up' });
    s.control('c');
    await waitFor('continued', () => readLines(join(dir, 'signals')).includes('CONT'));
    expect(procState(pid)).not.toBe('T');
    expect(readStatusBytes(dir)[16]).toBe(0);
  });

  it('d sends TERM then CONT (even to a paused service) and leaves it down, want down', async () => {
    const { s, dir, pid } = await upWithSignals();
    s.control('p');
    await waitFor('stopped', () => procState(pid) === 'T');
    const exited = nextEvent<SupervisorExit>(s, 'exit');
    s.control('d');
    expect(await exited).toEqual({ pid, code: 0, signal: null });
    const lines = readLines(join(dir, 'signals'));
    expect(lines).toContain('TERM');
    expect(lines).toContain('CONT');
    expect(s.pid).toBe(0);
    expect(readStatusFile(dir)).toMatchObject({ pid: 0, paused: false, want: 'down' });
    expect(s.lastExit).toEqual({ pid, code: 0, signal: null });
  });

  it('k kills the service; wanted up, it is restarted (one start per second at most)', async () => {
    const { s, pid } = await upWithSignals();
    const exited = nextEvent<SupervisorExit>(s, 'exit');
    const restarted = nextEvent<number>(s, 'start');
    const t0 = performance.now();
    s.control('k');
    expect(await exited).toEqual({ pid, code: null, signal: 'SIGKILL' });
    const pid2 = await restarted;
    expect(pid2).not.toBe(pid);
    expect(isAlive(pid2)).toBe(true);
    expect(performance.now() - t0).toBeLessThan(10_000);
  });

  it('t reaches the service at once, even inside the second after its start (no 0.76 deafness)', async () => {
    const dir = service('run-sleep');
    const s = supervise(dir);
    let startedAt = 0;
    const started = new Promise<number>((resolve) =>
      s.once('start', (p) => {
        startedAt = performance.now();
        resolve(p);
      }),
    );
    await s.start();
    const pid = await started;
    const exited = nextEvent<SupervisorExit>(s, 'exit');
    s.control('t');
    expect(await exited).toEqual({ pid, code: null, signal: 'SIGTERM' });
    // 0.76 would act on the t only after deepsleep(1) ended, a full second after the start
    expect(performance.now() - startedAt).toBeLessThan(900);
    // ...while the restart still waits for that second
    const restarted = await nextEvent<number>(s, 'start');
    // (start events come after spawn returns, whose duration varies: allow for it)
    expect(performance.now() - startedAt).toBeGreaterThanOrEqual(900);
    expect(restarted).not.toBe(pid);
  });

  it('paces a crash loop at one start per second and records each exit status', async () => {
    const dir = service('run-exit');
    writeFileSync(join(dir, 'code'), '7\n');
    const s = supervise(dir);
    const starts: number[] = [];
    const exits: SupervisorExit[] = [];
    s.on('start', () => starts.push(performance.now()));
    s.on('exit', (e) => exits.push(e));
    await s.start();
    await waitFor('three starts', () => starts.length >= 3, 15_000);
    // one start per second, measured between start events (each after its spawn returned, so a little jitter)
    for (let i = 1; i < starts.length; i++) expect(starts[i]! - starts[i - 1]!).toBeGreaterThanOrEqual(900);
    expect(exits[0]).toMatchObject({ code: 7, signal: null });
    expect(s.lastExit?.code).toBe(7);
  });

  it('o starts the service once: it is not restarted after it exits, and byte 17 is 0', async () => {
    const { dir, s } = await startedDown('run-exit');
    const exited = nextEvent<SupervisorExit>(s, 'exit');
    s.control('o');
    expect(readStatusBytes(dir)[17]).toBe(0);
    expect((await exited).code).toBe(3);
    expect(s.want).toBe('once');
    // a second later nothing has been started again
    const restarts: number[] = [];
    s.on('start', (p) => restarts.push(p));
    await new Promise((r) => setTimeout(r, 1200));
    expect(restarts).toEqual([]);
    expect(readLines(join(dir, 'starts')).length).toBe(1);
  });

  it('x while down: done at once, lock, control and ok released', async () => {
    const { dir, s } = await startedDown('run-sleep');
    const done = nextEvent<void>(s, 'done');
    s.control('x');
    await done;
    expect(s.isDone).toBe(true);
    expect(() => openSync(join(dir, 'supervise', 'ok'), constants.O_WRONLY | constants.O_NONBLOCK)).toThrow(
      expect.objectContaining({ code: 'ENXIO' }),
    );
    // the lock is free again
    const again = supervise(dir);
    await again.start();
    again.close();
  });

  it('x while up waits for the service to exit and never restarts it; dx ends it', async () => {
    const dir = service('run-sleep');
    const { s, pid } = await harness.up(dir);
    s.control('x');
    expect(s.isDone).toBe(false);
    expect(readStatusFile(dir)).toMatchObject({ pid, want: 'up' });
    const done = nextEvent<void>(s, 'done');
    const starts: number[] = [];
    s.on('start', (p) => starts.push(p));
    process.kill(pid, 'SIGTERM'); // exits on its own: not restarted although wanted up
    await done;
    expect(starts).toEqual([]);
    expect(readStatusFile(dir)).toMatchObject({ pid: 0, want: 'up' });
  });

  it('inside the second after a start, u waits for the second and d cancels it', async () => {
    const { dir, s } = await startedDown('run-exit');
    const starts: number[] = [];
    s.on('start', (p) => starts.push(p));
    const exited = nextEvent<SupervisorExit>(s, 'exit');
    s.control('o'); // starts at once; run-exit exits at once
    await exited;
    expect(starts.length).toBe(1);
    s.control('u'); // inside the second: pending, status already says want up
    expect(s.pid).toBe(0);
    expect(readStatusFile(dir)).toMatchObject({ pid: 0, want: 'up' });
    s.control('d'); // cancels the pending start
    await new Promise((r) => setTimeout(r, 1300));
    expect(starts.length).toBe(1);
    expect(readLines(join(dir, 'starts')).length).toBe(1);
  });

  it('a start asked for before x still happens (as in 0.76), then supervise is done when it exits', async () => {
    const { dir, s } = await startedDown('run-exit');
    const first = nextEvent<SupervisorExit>(s, 'exit');
    s.control('o');
    await first;
    const done = nextEvent<void>(s, 'done');
    s.control('ox'); // the o waits for its second; x must not swallow it
    expect(s.isDone).toBe(false);
    await done;
    expect(readLines(join(dir, 'starts')).length).toBe(2);
  });

  it('close() lets go of the directory but not of the service, as a killed 0.76 supervise', async () => {
    const dir = service('run-sleep');
    const { s, pid } = await harness.up(dir);
    s.close();
    expect(isAlive(pid)).toBe(true);
    expect(() => openSync(join(dir, 'supervise', 'ok'), constants.O_WRONLY | constants.O_NONBLOCK)).toThrow(
      expect.objectContaining({ code: 'ENXIO' }),
    );
    s.control('d'); // ignored: no longer in charge
    expect(isAlive(pid)).toBe(true);
    const next = supervise(dir);
    await next.start(); // the lock is free (and, as 0.76, a second copy of the service starts)
    expect(next.pid).not.toBe(0);
  });

  it('ignores unknown bytes', async () => {
    const dir = service('run-sleep');
    const { s, pid } = await harness.up(dir);
    const before = readStatusBytes(dir);
    s.control('zZ\n?v w');
    expect(s.pid).toBe(pid);
    expect(readStatusBytes(dir)).toEqual(before);
  });

  it('reads letters from supervise/control, in order', async () => {
    const dir = service('run-signals');
    const { s, pid } = await harness.up(dir);
    await waitFor('trap set-up', () => readLines(join(dir, 'signals')).includes(`start ${pid}`));
    const exited = nextEvent<SupervisorExit>(s, 'exit');
    const fd = openSync(join(dir, 'supervise', 'control'), constants.O_WRONLY | constants.O_NONBLOCK);
    writeFileSync(fd, 'hd');
    closeSync(fd);
    await exited;
    const lines = readLines(join(dir, 'signals'));
    expect(lines.indexOf('HUP')).toBeGreaterThan(0);
    expect(lines).toContain('TERM');
    expect(readStatusFile(dir)).toMatchObject({ pid: 0, want: 'down' });
  });
});

describe('Supervisor when ./run cannot be started', () => {
  async function warningsFor(setup: (dir: string) => void, count: number): Promise<{ warnings: string[]; dir: string; s: Supervisor }> {
    const dir = service(undefined);
    setup(dir);
    const warnings: string[] = [];
    const s = supervise(dir, warnings);
    await s.start();
    await waitFor(`${count} warnings`, () => warnings.length >= count, 15_000);
    return { warnings, dir, s };
  }

  it('missing run: 0.76 fatal text at most once a second, and the supervisor lives on and starts run once it exists', async () => {
    const t0 = performance.now();
    const { warnings, dir, s } = await warningsFor(() => {}, 2);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(995);
    expect(warnings.slice(0, 2)).toEqual([
      `supervise: fatal: unable to start ${dir}/run: file does not exist`,
      `supervise: fatal: unable to start ${dir}/run: file does not exist`,
    ]);
    expect(readStatusFile(dir)).toMatchObject({ pid: 0, want: 'up' });
    closeSync(openSync(join(dir, 'supervise', 'ok'), constants.O_WRONLY | constants.O_NONBLOCK));
    copyFileSync(join(FIXTURES, 'run-sleep'), join(dir, 'run'));
    chmodSync(join(dir, 'run'), 0o755);
    const pid = await nextEvent<number>(s, 'start');
    expect(isAlive(pid)).toBe(true);
  });

  it('run not executable: access denied', async () => {
    const { warnings, dir } = await warningsFor((d) => {
      copyFileSync(join(FIXTURES, 'run-sleep'), join(d, 'run'));
      chmodSync(join(d, 'run'), 0o644);
    }, 1);
    expect(warnings[0]).toBe(`supervise: fatal: unable to start ${dir}/run: access denied`);
  });

  it('run without #!: exec format error (no shell fallback)', async () => {
    const { warnings, dir } = await warningsFor((d) => {
      copyFileSync(join(FIXTURES, 'run-noshebang'), join(d, 'run'));
      chmodSync(join(d, 'run'), 0o755);
    }, 1);
    expect(warnings[0]).toBe(`supervise: fatal: unable to start ${dir}/run: exec format error`);
  });

  it('x stops the retries: done while down', async () => {
    const { s } = await warningsFor(() => {}, 1);
    const done = nextEvent<void>(s, 'done');
    s.control('x');
    await done;
    expect(s.isDone).toBe(true);
  });
});

describe('Supervisor status write failures', () => {
  it('are 0.76 warnings (status.new) and dt warnings (dt-status.json.new); supervision goes on', async () => {
    const dir = service('run-sleep');
    const warnings: string[] = [];
    const { s, pid } = await harness.up(dir, warnings);
    mkdirSync(join(dir, 'supervise', 'status.new'));
    mkdirSync(join(dir, 'supervise', 'dt-status.json.new'));
    const statusWarning = `supervise: warning: unable to open ${dir}/supervise/status.new: is a directory`;
    const sidecarWarning = `supervise: warning: unable to open ${dir}/supervise/dt-status.json.new: is a directory`;
    s.control('p');
    // paused is in status only: the sidecar's content is unchanged, so it is not written (decision 0018)
    expect(warnings).toEqual([statusWarning]);
    await waitFor('stopped', () => procState(pid) === 'T');
    const exited = nextEvent(s, 'exit');
    s.control('d');
    await exited;
    // d (status), the exit (status, then the sidecar: pid 0 and the last exit)
    expect(warnings).toEqual([statusWarning, statusWarning, statusWarning, sidecarWarning]);
    rmdirSync(join(dir, 'supervise', 'status.new'));
    rmdirSync(join(dir, 'supervise', 'dt-status.json.new'));
    const started = nextEvent<number>(s, 'start');
    s.control('u');
    const pid2 = await started;
    expect(warnings.length).toBe(4);
    expect(readStatusFile(dir)).toMatchObject({ pid: pid2, paused: false, want: 'up' });
    expect(readSidecarFile(dir)).toMatchObject({ pid: pid2, lastExit: { signal: 'SIGTERM' } });
  });
});

describe('SuperviseError codes', () => {
  it('are unique and each documented in the README', () => {
    const codes = Object.values(SUPERVISE_ERROR_CODES);
    expect(new Set(codes).size).toBe(codes.length);
    const readme = readFileSync(join(FIXTURES, '..', '..', '..', 'README.md'), 'utf8');
    for (const c of codes) expect(readme).toContain(c);
  });
});
