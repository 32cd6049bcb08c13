// svok against the real daemontools: the exit code (and any message) of /usr/bin/svok in each case.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RealSupervise, runOurs, runReal, SIGNAL_RECORDER, until, usePermissionTree, runBothAsNobody } from './helpers/real-supervise.js';

async function expectSameAsReal(args: string[], cwd?: string): Promise<number | undefined> {
  const theirs = await runReal('svok', args, cwd);
  expect(await runOurs('svok', args, cwd)).toEqual(theirs);
  return theirs.exitCode;
}

describe('svok and a real supervise', () => {
  let sv: RealSupervise;
  beforeAll(async () => {
    sv = await new RealSupervise(SIGNAL_RECORDER).start();
  });
  afterAll(async () => sv.stop());

  it('0 while supervise runs (also with a trailing slash and extra arguments), 100 once it exited', async () => {
    expect(await expectSameAsReal([sv.dir])).toBe(0);
    expect(await expectSameAsReal([`${sv.dir}/`, 'ignored'])).toBe(0);
    await runOurs('svc', ['-dx', sv.dir]);
    await until('supervise exit', () => sv.exited());
    expect(await expectSameAsReal([sv.dir])).toBe(100);
  });
});

describe('svok on bad input', () => {
  let root: string;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'dt-e2e-svok-'));
    mkdirSync(join(root, 'never'));
    writeFileSync(join(root, 'file'), '');
    mkdirSync(join(root, 'okdir', 'supervise', 'ok'), { recursive: true });
    mkdirSync(join(root, 'okreg', 'supervise'), { recursive: true });
    writeFileSync(join(root, 'okreg', 'supervise', 'ok'), '');
    mkdirSync(join(root, 'noreader', 'supervise'), { recursive: true });
    execFileSync('/usr/bin/mkfifo', [join(root, 'noreader', 'supervise', 'ok')]);
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it.each([
    [[], 100],
    [['missing'], 111],
    [[''], 111],
    [['--help'], 111],
    [['--version'], 111],
    [['file'], 111],
    [['never'], 100],
    [['noreader'], 100],
    [['okreg'], 0],
    [['okdir'], 111],
    [['okdir/'], 111],
    [['never', 'okreg'], 100],
  ])('svok %j exits %d', async (args, code) => {
    expect(await expectSameAsReal(args as string[], root)).toBe(code);
  });
});

describe('svok without permission (as nobody, through the real setuidgid)', () => {
  const tree = usePermissionTree();

  it('says "access denied" exactly as /usr/bin/svok', async () => {
    const [theirs, mine] = await runBothAsNobody('svok', ['locked'], tree.root);
    expect(mine).toEqual(theirs);
    expect(theirs.stdout + theirs.stderr).toMatch(/access denied/);
  });

  it('cannot open supervise/ok: exit 111 as /usr/bin/svok', async () => {
    const [theirs, mine] = await runBothAsNobody('svok', ['.'], join(tree.root, 'sv')); // svok needs no readable cwd
    expect(mine).toEqual(theirs);
    expect(theirs.exitCode).toBe(111);
  });
});
