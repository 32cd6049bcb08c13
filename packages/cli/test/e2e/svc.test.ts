// svc against the real daemontools: our svc drives a real /usr/bin/supervise, every letter has its effect on
// the child; bad input gives the real svc's text and exit code.
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { closeSync, constants, mkdirSync, mkdtempSync, openSync, readFileSync, readSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { RealSupervise, runOurs, runReal, SIGNAL_RECORDER, until, usePermissionTree, runBothAsNobody } from './helpers/real-supervise.js';

describe('svc drives the real supervise', () => {
  let sv: RealSupervise;
  beforeAll(async () => {
    sv = await new RealSupervise(SIGNAL_RECORDER).start();
  });
  afterAll(async () => sv.stop());

  const svc = async (letters: string) => {
    const r = await runOurs('svc', [letters, sv.dir]);
    expect(r).toEqual({ exitCode: 0, stdout: '', stderr: '' });
  };
  const lastSignal = () => sv.signals().at(-1);

  it.each([
    ['-h', 'HUP'],
    ['-a', 'ALRM'],
    ['-i', 'INT'],
    ['-c', 'CONT'],
  ])('%s delivers SIG%s to the service', async (opt, sig) => {
    const before = sv.signals().length;
    await svc(opt);
    await until(`${sig} in the signal log`, () => sv.signals().length > before && lastSignal() === sig);
    expect(sv.signals().slice(before)).toEqual([sig]);
  });

  it('-q -1 -2 reach supervise/control; Debian\'s unpatched supervise ignores them and the service runs on', async () => {
    const pid = sv.pid();
    const before = sv.signals().length;
    await svc('-q12');
    await svc('-h'); // processed after q, 1 and 2: once HUP is logged they have been read
    await until('HUP in the signal log', () => lastSignal() === 'HUP');
    expect(sv.signals().slice(before)).toEqual(['HUP']);
    expect(sv.pid()).toBe(pid);
  });

  it('-p stops the service (SIGSTOP, svstat "paused") and -c continues it', async () => {
    const pid = sv.pid();
    await svc('-p');
    await until('state T', () => RealSupervise.procState(pid) === 'T');
    await until('paused byte', () => sv.status()[16] === 1);
    expect((await runReal('svstat', [sv.dir])).stdout).toMatch(/^.*: up \(pid \d+\) \d+ seconds, paused\n$/);
    await svc('-c');
    await until('running again', () => RealSupervise.procState(pid) !== 'T' && sv.status()[16] === 0);
    await until('CONT recorded', () => lastSignal() === 'CONT');
  });

  it('-o sets want once (byte 17 = 0); -t then ends the service and it is not restarted', async () => {
    await svc('-o');
    await until('want once', () => sv.status()[17] === 0);
    await svc('-t');
    await until('down', () => sv.pid() === 0);
    expect(lastSignal()).toBe('TERM');
    const starts = sv.signals().filter((l) => l.startsWith('start')).length;
    // supervise would restart at once; the status stays down (byte 17 still 0) while we look twice.
    expect((await runReal('svstat', [sv.dir])).stdout).toMatch(/: down \d+ seconds, normally up\n$/);
    expect(sv.signals().filter((l) => l.startsWith('start')).length).toBe(starts);
  });

  it('-u starts it again (want up), -k kills it and supervise restarts it', async () => {
    await svc('-u');
    const pid = await until('up again', () => sv.pid() || undefined);
    expect(sv.status()[17]).toBe(0x75);
    await svc('-k');
    const next = await until('restarted with a new pid', () => (sv.pid() !== pid && sv.pid() !== 0 ? sv.pid() : undefined));
    expect(RealSupervise.procState(pid)).toBeUndefined();
    expect(next).not.toBe(pid);
  });

  it('-d sends TERM and keeps it down (want down); -x makes supervise exit', async () => {
    await svc('-d');
    await until('down, want down', () => sv.pid() === 0 && sv.status()[17] === 0x64);
    expect(lastSignal()).toBe('TERM');
    await svc('-x');
    await until('supervise exit', () => sv.exited());
    const r = await runOurs('svc', ['-u', sv.dir]);
    expect(r).toEqual({ exitCode: 0, stdout: '', stderr: `svc: warning: unable to control ${sv.dir}: supervise not running\n` });
  });
});

describe('svc errors: the same text and exit code as /usr/bin/svc', () => {
  let root: string;
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  function tree(): string {
    root = mkdtempSync(join(tmpdir(), 'dt-e2e-svc-'));
    mkdirSync(join(root, 'nosup'));
    writeFileSync(join(root, 'file'), '');
    mkdirSync(join(root, 'dirc', 'supervise', 'control'), { recursive: true });
    mkdirSync(join(root, 'fifo', 'supervise'), { recursive: true });
    execFileSync('/usr/bin/mkfifo', [join(root, 'fifo', 'supervise', 'control')]);
    mkdirSync(join(root, 'reg', 'supervise'), { recursive: true });
    writeFileSync(join(root, 'reg', 'supervise', 'control'), '');
    return root;
  }

  it.each([
    [['-z']],
    [['-uz', 'x']],
    [['-u', '-w', 'x']],
    [['-?']],
    [['-é']],
    [[]],
    [['-u']],
    [['-u', 'missing']],
    [['-u', 'file']],
    [['-u', 'nosup']],
    [['-u', 'dirc']],
    [['-u', 'fifo']],
    [['-u', 'fifo', 'missing', 'nosup', 'file']],
    [['fifo']],
    [['-u', '--', '-d']],
    [['--help']],
    [['--version']],
    [['--help', 'nosup']],
    [['-u', '--x', 'fifo']],
    [['-u', '-', 'x']],
    [['nosup', '-u']],
    [['-u', '']],
  ])('svc %j', async (args) => {
    const cwd = tree();
    const want = await runReal('svc', args, cwd);
    const got = await runOurs('svc', args, cwd);
    expect(got).toEqual(want);
  });

  it('writes the letters into a regular file named control, de-duplicated, exactly as /usr/bin/svc', async () => {
    const cwd = tree();
    await runReal('svc', ['-dudx', 'reg'], cwd);
    const theirs = readFileSync(join(cwd, 'reg', 'supervise', 'control'), 'latin1');
    writeFileSync(join(cwd, 'reg', 'supervise', 'control'), '');
    expect(await runOurs('svc', ['-dudx', 'reg'], cwd)).toEqual({ exitCode: 0, stdout: '', stderr: '' });
    expect(readFileSync(join(cwd, 'reg', 'supervise', 'control'), 'latin1')).toBe(theirs);
    expect(theirs).toBe('dux');
  });

  it('-q -1 -2 (sigq12 patch) are accepted by ours, rejected by Debian\'s unpatched svc', async () => {
    const cwd = tree();
    expect(await runOurs('svc', ['-q12', 'fifo'], cwd)).toEqual({
      exitCode: 0,
      stdout: '',
      stderr: 'svc: warning: unable to control fifo: supervise not running\n',
    });
    expect((await runReal('svc', ['-q', 'fifo'], cwd)).exitCode).toBe(100);
    // With a reader on control, the letters arrive in one write, de-duplicated, in order.
    const fd = openSync(join(cwd, 'fifo', 'supervise', 'control'), constants.O_RDONLY | constants.O_NONBLOCK);
    try {
      expect(await runOurs('svc', ['-q2', '-1q', '-2', 'fifo'], cwd)).toEqual({ exitCode: 0, stdout: '', stderr: '' });
      const buf = Buffer.alloc(64);
      expect(buf.subarray(0, readSync(fd, buf, 0, 64, null)).toString()).toBe('q21');
    } finally {
      closeSync(fd);
    }
  });
});

describe('svc without permission (as nobody, through the real setuidgid)', () => {
  const tree = usePermissionTree();

  it('says "access denied" exactly as /usr/bin/svc', async () => {
    const [theirs, mine] = await runBothAsNobody('svc', ['-u', 'locked', 'sv'], tree.root);
    expect(mine).toEqual(theirs);
    expect(theirs.stdout + theirs.stderr).toMatch(/access denied/);
  });

  it('dies as /usr/bin/svc when the current directory cannot be read (exit 111)', async () => {
    const [theirs, mine] = await runBothAsNobody('svc', ['-u', '../locked', '../sv'], join(tree.root, 'sv'));
    expect(mine).toEqual(theirs);
    expect(theirs).toEqual({ exitCode: 111, stdout: '', stderr: 'svc: fatal: unable to open current directory: access denied\n' });
  });
});
