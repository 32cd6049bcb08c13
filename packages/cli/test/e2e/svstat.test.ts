// svstat against the real daemontools: in every state of a real /usr/bin/supervise, and on bad input, our
// svstat prints the line /usr/bin/svstat prints. Seconds may differ by one when a second boundary passes
// between the two runs: lines are compared with the number masked, and the numbers within 1.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { closeSync, constants, mkdirSync, mkdtempSync, openSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeStatusFile } from '@dt/supervise-protocol';
import { RealSupervise, runOurs, runReal, SIGNAL_RECORDER, TERM_IGNORER, until, usePermissionTree, runBothAsNobody } from './helpers/real-supervise.js';

const SECONDS = /(\d+) seconds/g;
const mask = (s: string) => s.replace(SECONDS, 'N seconds');
const numbers = (s: string) => [...s.matchAll(SECONDS)].map((m) => Number(m[1]));

/** Run both svstats on the same arguments; expect the same bytes (seconds within 1) and exit code. */
async function expectSameAsReal(args: string[], cwd?: string): Promise<string> {
  const theirs = await runReal('svstat', args, cwd);
  const mine = await runOurs('svstat', args, cwd);
  expect({ ...mine, stdout: mask(mine.stdout) }).toEqual({ ...theirs, stdout: mask(theirs.stdout) });
  const [a, b] = [numbers(theirs.stdout), numbers(mine.stdout)];
  a.forEach((n, i) => expect(Math.abs(n - b[i]!)).toBeLessThanOrEqual(1));
  return theirs.stdout;
}

function craft(seconds: bigint, pid: number, paused: number, want: number): Buffer {
  const b = Buffer.alloc(18);
  b.writeBigUInt64BE(seconds, 0);
  b.writeUInt32BE(123456500, 8);
  b.writeUInt32LE(pid, 12);
  b[16] = paused;
  b[17] = want;
  return b;
}
const nowLabel = () => 2n ** 62n + 10n + BigInt(Math.floor(Date.now() / 1000));

describe('svstat over a real supervise, normally up', () => {
  let sv: RealSupervise;
  const svc = (opt: string) => runOurs('svc', [opt, sv.dir]);
  beforeAll(async () => {
    sv = await new RealSupervise(SIGNAL_RECORDER).start();
  });
  afterAll(async () => sv.stop());

  it('up', async () => {
    expect(await expectSameAsReal([sv.dir])).toMatch(/: up \(pid \d+\) \d+ seconds\n$/);
  });

  it('paused', async () => {
    await svc('-p');
    await until('paused', () => sv.status()[16] === 1);
    expect(await expectSameAsReal([sv.dir])).toMatch(/ seconds, paused\n$/);
    await svc('-c');
    await until('continued', () => sv.status()[16] === 0);
  });

  it('once', async () => {
    await svc('-o');
    await until('once', () => sv.status()[17] === 0);
    expect(await expectSameAsReal([sv.dir])).toMatch(/: up \(pid \d+\) \d+ seconds\n$/);
  });

  it('down, normally up', async () => {
    await svc('-d');
    await until('down', () => sv.pid() === 0 && sv.status()[17] === 0x64);
    expect(await expectSameAsReal([sv.dir])).toMatch(/: down \d+ seconds, normally up\n$/);
  });

  // supervise rewrites status only on an event, so while it idles (down) we can put any bytes there and
  // both programs read the same file with supervise holding supervise/ok.
  it.each([
    ['want up (down, byte 17 u)', () => craft(nowLabel() - 5n, 0, 0, 0x75), /: down \d+ seconds, normally up, want up\n$/],
    ['a stamp in the future (0 seconds)', () => craft(nowLabel() + 1000n, 0, 0, 0x64), /: down 0 seconds, normally up\n$/],
    ['an age above 2^53 (rounded through a double)', () => craft(0n, 4242, 1, 0x64), /: up \(pid 4242\) \d+ seconds, paused, want down\n$/],
    ['garbage bytes', () => Buffer.from('not a status file!'), /: up \(pid \d+\) 0 seconds, paused\n$/],
    ['a truncated status (10 bytes)', () => craft(nowLabel(), 1, 0, 0x75).subarray(0, 10), /: unable to read supervise\/status: bad format\n$/],
    ['an empty status', () => Buffer.alloc(0), /: unable to read supervise\/status: bad format\n$/],
    ['a longer status (first 18 bytes count)', () => Buffer.concat([craft(nowLabel() - 3n, 99, 0, 0x75), Buffer.alloc(9)]), /: up \(pid 99\) \d+ seconds\n$/],
  ])('%s', async (_name, bytes, line) => {
    writeFileSync(join(sv.dir, 'supervise', 'status'), bytes());
    expect(await expectSameAsReal([sv.dir])).toMatch(line);
  });

  it('status missing, a directory, or a FIFO without a writer', async () => {
    const status = join(sv.dir, 'supervise', 'status');
    rmSync(status, { recursive: true, force: true });
    expect(await expectSameAsReal([sv.dir])).toMatch(/: unable to open supervise\/status: file does not exist\n$/);
    mkdirSync(status);
    // 0.76 misses the read error (-1 compared as unsigned) and shows its zeroed buffer: an age of 2^62+ seconds.
    expect(await expectSameAsReal([sv.dir])).toMatch(/: down 46116860\d+ seconds, normally up\n$/);
    rmSync(status, { recursive: true });
    execFileSync('/usr/bin/mkfifo', [status]);
    expect(await expectSameAsReal([sv.dir])).toMatch(/: unable to read supervise\/status: bad format\n$/);
    rmSync(status);
  });

  it('not running, after svc -x', async () => {
    await svc('-x');
    await until('supervise exit', () => sv.exited());
    expect(await expectSameAsReal([sv.dir])).toBe(`${sv.dir}: supervise not running\n`);
  });
});

describe('svstat over a real supervise, normally down', () => {
  let sv: RealSupervise;
  beforeAll(async () => {
    sv = await new RealSupervise(TERM_IGNORER, { down: true }).start();
  });
  afterAll(async () => sv.stop());

  it('down (normally down: nothing added)', async () => {
    expect(await expectSameAsReal([sv.dir])).toMatch(/: down \d+ seconds\n$/);
  });

  it('up, normally down, want down (the service ignores TERM)', async () => {
    await runOurs('svc', ['-u', sv.dir]);
    await until('up', () => sv.pid() !== 0);
    expect(await expectSameAsReal([sv.dir])).toMatch(/: up \(pid \d+\) \d+ seconds, normally down\n$/);
    await runOurs('svc', ['-d', sv.dir]);
    await until('want down', () => sv.status()[17] === 0x64);
    expect(await expectSameAsReal([sv.dir])).toMatch(/: up \(pid \d+\) \d+ seconds, normally down, want down\n$/);
  });
});

describe('svstat on bad input: the same text and exit code as /usr/bin/svstat', () => {
  let root: string;
  let held: number[] = [];
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'dt-e2e-svstat-'));
    mkdirSync(join(root, 'never'));
    writeFileSync(join(root, 'file'), '');
    mkdirSync(join(root, 'okreg', 'supervise'), { recursive: true });
    writeFileSync(join(root, 'okreg', 'supervise', 'ok'), '');
    mkdirSync(join(root, 'okdir', 'supervise', 'ok'), { recursive: true });
    mkdirSync(join(root, 'noreader', 'supervise'), { recursive: true });
    execFileSync('/usr/bin/mkfifo', [join(root, 'noreader', 'supervise', 'ok')]);
    mkdirSync(join(root, 'loop', 'supervise'), { recursive: true });
    symlinkSync('down', join(root, 'loop', 'down'));
    mkdirSync(join(root, 'dangling'), { recursive: true });
    symlinkSync('nowhere', join(root, 'dangling', 'down'));
    // A "running" supervise as svstat sees it: a reader held on supervise/ok.
    mkdirSync(join(root, 'held', 'supervise'), { recursive: true });
    execFileSync('/usr/bin/mkfifo', [join(root, 'held', 'supervise', 'ok')]);
    held.push(openSync(join(root, 'held', 'supervise', 'ok'), constants.O_RDONLY | constants.O_NONBLOCK));
    writeFileSync(join(root, 'held', 'supervise', 'status'), Buffer.from('0123456789ab\x05\x00\x00\x00\x01u', 'latin1'));
    writeFileSync(join(root, 'held', 'down'), '');
    // The status is a directory: read() fails with EISDIR; short: 5 bytes (bad format).
    for (const name of ['statusdir', 'short']) {
      mkdirSync(join(root, name, 'supervise'), { recursive: true });
      execFileSync('/usr/bin/mkfifo', [join(root, name, 'supervise', 'ok')]);
      held.push(openSync(join(root, name, 'supervise', 'ok'), constants.O_RDONLY | constants.O_NONBLOCK));
    }
    mkdirSync(join(root, 'statusdir', 'supervise', 'status'));
    writeFileSync(join(root, 'short', 'supervise', 'status'), 'XYZW!');
  });
  afterAll(() => {
    for (const fd of held) closeSync(fd);
    held = [];
    rmSync(root, { recursive: true, force: true });
  });

  it.each([
    [[]],
    [['missing']],
    [['']],
    [['-x']],
    [['--help']],
    [['--version']],
    [['file']],
    [['file/']],
    [['never']],
    [['never/']],
    [['okreg']],
    [['okdir']],
    [['noreader']],
    [['loop']],
    [['dangling']],
    [['held']],
    [['held', 'missing', 'never', 'noreader', 'held/', './held', '../' + 'x']],
    [['statusdir']],
    [['statusdir', 'held', 'statusdir', 'short', 'statusdir']],
  ])('svstat %j', async (args) => {
    await expectSameAsReal(args, root);
  });

  it('a thousand directories in one call', async () => {
    const args = Array.from({ length: 1000 }, (_, i) => ['held', 'never', 'missing', 'noreader'][i % 4]!);
    const out = await expectSameAsReal(args, root);
    expect(out.split('\n').length).toBe(1001);
  });
});

describe('svstat without permission (as nobody, through the real setuidgid)', () => {
  const tree = usePermissionTree();

  it('says "access denied" exactly as /usr/bin/svstat', async () => {
    const [theirs, mine] = await runBothAsNobody('svstat', ['locked', 'sv'], tree.root);
    expect(mine).toEqual(theirs);
    expect(theirs.stdout + theirs.stderr).toMatch(/access denied/);
  });

  it('dies as /usr/bin/svstat when the current directory cannot be read (exit 111)', async () => {
    const [theirs, mine] = await runBothAsNobody('svstat', ['../locked', '../sv'], join(tree.root, 'sv'));
    expect(mine).toEqual(theirs);
    expect(theirs).toEqual({ exitCode: 111, stdout: '', stderr: 'svstat: fatal: unable to open current directory: access denied\n' });
  });
});

describe('the real svstat reads what writeStatusFile writes', () => {
  let root: string;
  let fd: number;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'dt-e2e-write-'));
    mkdirSync(join(root, 'supervise'));
    execFileSync('/usr/bin/mkfifo', [join(root, 'supervise', 'ok')]);
    fd = openSync(join(root, 'supervise', 'ok'), constants.O_RDONLY | constants.O_NONBLOCK);
  });
  afterAll(() => {
    closeSync(fd);
    rmSync(root, { recursive: true, force: true });
  });

  // 7 s before Date.now(); svstat reads time(), glibc's vDSO coarse clock, which can still be a tick behind
  // Date.now()'s precise clock across a second boundary when svstat runs within that tick: 6 is possible too
  // (seen once in CI with the real svstat)
  const stamp = () => ({ seconds: nowLabel() - 7n, nanoseconds: 123456500 });
  it.each([
    [{ pid: 4321, paused: false, want: 'up' as const }, false, 'up \\(pid 4321\\) [678] seconds'],
    [{ pid: 4321, paused: true, want: 'down' as const }, true, 'up \\(pid 4321\\) [678] seconds, normally down, paused, want down'],
    [{ pid: 4321, paused: false, want: 'once' as const }, false, 'up \\(pid 4321\\) [678] seconds'],
    [{ pid: 0, paused: true, want: 'up' as const }, false, 'down [678] seconds, normally up, want up'],
    [{ pid: 0, paused: false, want: 'down' as const }, true, 'down [678] seconds'],
  ])('%j, down file: %s', async (s, down, line) => {
    if (down) writeFileSync(join(root, 'down'), '');
    else rmSync(join(root, 'down'), { force: true });
    writeStatusFile(root, { stamp: stamp(), ...s });
    const out = await expectSameAsReal([root]);
    expect(out).toMatch(new RegExp(`^${root}: ${line}\\n$`));
  });
});
