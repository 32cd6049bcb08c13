// setlock against /usr/bin/setlock: the program runs holding an flock that util-linux flock sees, on the
// fd and with the flags the real one gives it; -n/-N/-x/-X and every failure byte for byte.
import { afterAll, afterEach, describe, expect, it } from '@jest/globals';
import { closeSync, existsSync, openSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { flock } from '@dt/posix';
import { BASE_ENV, REPORT, outcome, ourBin, realBin, runBoth, seen, tempDir } from './helpers/chainload-run.js';

const FLOCK = '/usr/bin/flock';

describe('setlock', () => {
  const t = tempDir('setlock');
  const held: number[] = [];
  const hold = (file: string) => {
    const fd = openSync(file, 'a');
    held.push(fd);
    expect(flock(fd, 'exclusive', { wait: false })).toBe(true);
    return fd;
  };
  afterEach(() => {
    for (const fd of held.splice(0)) closeSync(fd);
  });
  afterAll(() => t.cleanup());

  it('runs the program in place holding the lock (seen from outside), on the same fd with the same flags', async () => {
    if (!existsSync(FLOCK)) throw new Error(`${FLOCK} is missing: install util-linux`);
    const lock = join(t.dir, 'lock');
    const script = `${FLOCK} -n ${lock} true; echo "outside flock -n: $?"; exec ${REPORT}`;
    const { real, ours } = await runBoth('setlock', [lock, 'sh', '-c', script]);
    expect(seen(ours)).toEqual(seen(real));
    expect(seen(ours).report).toEqual(expect.arrayContaining(['outside flock -n: 1', 'pid=same as the program started']));
    expect(seen(ours).report.find((l) => l.startsWith('fd3 '))).toBe('fd3 flags:\t0106001'); // O_WRONLY|O_APPEND|O_NONBLOCK|O_LARGEFILE
    // released when the program exits
    expect((await execa(FLOCK, ['-n', lock, 'true'], { reject: false })).exitCode).toBe(0);
  });

  it('with NODE_EXTRA_CA_CERTS set (Node 24 may read it through an inheritable fd), the program still sees the real one\'s fds', async () => {
    const certs = '/etc/ssl/certs/ca-certificates.crt';
    if (!existsSync(certs)) throw new Error(`${certs} is missing: install ca-certificates`);
    const lock = join(t.dir, 'lock-certs');
    for (let i = 0; i < 3; i++) {
      const { real, ours } = await runBoth('setlock', [lock, REPORT], { env: { ...BASE_ENV, NODE_EXTRA_CA_CERTS: certs } });
      expect(seen(ours)).toEqual(seen(real));
    }
  });

  it('creates the file 0600 (under the umask) and never truncates it', async () => {
    const a = join(t.dir, 'created-real');
    const b = join(t.dir, 'created-ours');
    const real = await execa(realBin('setlock'), [a, 'true'], { reject: false, env: BASE_ENV, extendEnv: false });
    const ours = await execa(process.execPath, [ourBin('setlock'), b, 'true'], { reject: false, env: BASE_ENV, extendEnv: false });
    expect([ours.exitCode, real.exitCode]).toEqual([0, 0]);
    expect(statSync(b).mode & 0o7777).toBe(statSync(a).mode & 0o7777);
    expect(statSync(b).mode & 0o777).toBe(0o600 & ~process.umask());
    writeFileSync(b, 'keep me');
    await execa(process.execPath, [ourBin('setlock'), b, 'true'], { env: BASE_ENV, extendEnv: false });
    expect(readFileSync(b, 'utf8')).toBe('keep me');
  });

  it('-n with the lock held elsewhere: unable to lock, temporary failure; -nx: exit 0 silently', async () => {
    const lock = join(t.dir, 'busy');
    hold(lock);
    for (const opts of [['-n'], ['-nX'], ['-n', '-x'], ['-xn'], ['-Nn']]) {
      const { real, ours } = await runBoth('setlock', [...opts, lock, 'echo', 'ran']);
      expect(outcome(ours)).toEqual(outcome(real));
    }
    const { ours } = await runBoth('setlock', ['-n', lock, 'echo', 'ran']);
    expect(outcome(ours)).toEqual({ exitCode: 111, stdout: '', stderr: `setlock: fatal: unable to lock ${lock}: temporary failure\n` });
    expect(outcome((await runBoth('setlock', ['-nx', lock, 'echo', 'ran'])).ours)).toEqual({ exitCode: 0, stdout: '', stderr: '' });
  });

  it('waits for the lock by default (-N), then runs', async () => {
    const lock = join(t.dir, 'wait');
    for (const bin of [realBin('setlock'), ourBin('setlock')]) {
      const fd = hold(lock);
      const args = bin.endsWith('.js') ? [bin, lock, 'echo', 'got it'] : [lock, 'echo', 'got it'];
      const sub = execa(bin.endsWith('.js') ? process.execPath : bin, args, { reject: false, env: BASE_ENV, extendEnv: false });
      // It is waiting once the kernel lists a blocked flock request on the file (/proc/locks "->" line).
      const ino = statSync(lock).ino;
      const deadline = Date.now() + 10_000;
      while (!readFileSync('/proc/locks', 'utf8').split('\n').some((l) => l.includes('->') && l.includes(`:${ino} `))) {
        if (Date.now() > deadline) throw new Error('setlock never blocked on the lock');
        await new Promise((r) => setTimeout(r, 20));
      }
      closeSync(fd);
      held.splice(held.indexOf(fd), 1);
      const r = await sub;
      expect({ exitCode: r.exitCode, stdout: r.stdout }).toEqual({ exitCode: 0, stdout: 'got it' });
    }
  });

  it.each([
    ['no arguments', []],
    ['no program', ['LOCK']],
    ['options only', ['-n']],
    ['an unknown option', ['-z', 'LOCK', 'true']],
    ['an option after the file (it is the program)', ['LOCK', '-n', 'true']],
    ['a file in a missing directory', ['MISSING', 'true']],
    ['a file in a missing directory, -x', ['-x', 'MISSING', 'true']],
    ['a directory as the file', ['DIR', 'true']],
    ['a missing program', ['LOCK', 'dt-no-such-program']],
    ['a program that is not executable', ['LOCK', '/etc/passwd']],
  ])('%s: same message and exit code as the real one', async (_what, args) => {
    const map: Record<string, string> = { LOCK: join(t.dir, 'lock2'), MISSING: join(t.dir, 'no/such/lock'), DIR: t.dir };
    const { real, ours } = await runBoth('setlock', args.map((a) => map[a] ?? a));
    expect(outcome(ours)).toEqual(outcome(real));
  });

  it.each([['-é'], ['-né'], ['-\u{1F600}']])('%s: names only the first byte of a multi-byte option, byte for byte as the real one', async (opt) => {
    const run = (file: string, args: string[]) =>
      execa(file, args, { reject: false, env: BASE_ENV, extendEnv: false, encoding: 'buffer', stdin: 'ignore', timeout: 20_000 });
    const args = [opt, join(t.dir, 'lock3'), 'true'];
    const real = await run(realBin('setlock'), args);
    const ours = await run(process.execPath, [ourBin('setlock'), ...args]);
    expect(real.exitCode).toBe(100);
    expect({ exitCode: ours.exitCode, stderr: Buffer.from(ours.stderr).toString('hex') }).toEqual({
      exitCode: real.exitCode,
      stderr: Buffer.from(real.stderr).toString('hex'),
    });
  });
});
