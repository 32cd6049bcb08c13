// setuidgid against /usr/bin/setuidgid (tests run as root): the program runs as the account, same PID,
// supplementary groups dropped, everything else it sees identical; bad input byte for byte.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { chmodSync, copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPORT, ourBin, outcome, realBin, runBoth, runReal, seen, tempDir } from './helpers/chainload-run.js';

describe('setuidgid', () => {
  const t = tempDir('setuidgid');
  let report: string;
  beforeAll(() => {
    if (process.getuid?.() !== 0) throw new Error('these tests compare setuidgid to nobody: run them as root');
    chmodSync(t.dir, 0o755); // nobody must reach the report script
    report = join(t.dir, 'report.sh');
    copyFileSync(REPORT, report);
    chmodSync(report, 0o755);
    writeFileSync(join(t.dir, 'noexec'), '#!/bin/sh\n', { mode: 0o644 });
    mkdirSync(join(t.dir, 'dir'));
  });
  afterAll(() => t.cleanup());

  it('runs the program in place as nobody (uid, gid, groups dropped), as the real one', async () => {
    const { real, ours } = await runBoth('setuidgid', ['nobody', report]);
    expect(seen(ours)).toEqual(seen(real));
    expect(seen(ours).report).toEqual(
      expect.arrayContaining(['pid=same as the program started', 'Uid:\t65534\t65534\t65534\t65534', 'Groups:\t65534 ']),
    );
  });

  it('passes the inherited environment byte for byte (read before giving up root)', async () => {
    const viaSh = (...cmd: string[]) =>
      runReal('sh', ['-c', 'X=$(printf "\\376\\377") exec "$@"', 'sh', ...cmd, 'nobody', 'od', '-An', '-tx1', '-v', '/proc/self/environ']);
    const real = await viaSh(realBin('setuidgid'));
    const ours = await viaSh(process.execPath, ourBin('setuidgid'));
    expect(outcome(ours)).toEqual(outcome(real));
    expect(ours.stdout.replace(/\s+/g, ' ')).toContain('58 3d fe ff'); // X=\xfe\xff
  });

  it('root keeps uid 0 and gets only its primary group', async () => {
    const { real, ours } = await runBoth('setuidgid', ['root', report]);
    expect(seen(ours)).toEqual(seen(real));
    expect(seen(ours).report).toContain('Groups:\t0 ');
  });

  it.each([
    ['no arguments', []],
    ['no child', ['nobody']],
    ['an unknown account', ['dt-no-such-user', 'true']],
    ['an option-looking account (0.76 takes no options)', ['-z', 'nobody', 'true']],
    ['an empty account', ['', 'true']],
    ['a missing program', ['nobody', 'dt-no-such-program']],
    ['a missing path', ['nobody', '/nonexistent/prog']],
    ['a file that is not executable', ['nobody', 'NOEXEC']],
    ['a directory', ['nobody', 'DIR']],
  ])('%s: same message and exit code as the real one', async (_what, args) => {
    const argv = args.map((a) => (a === 'NOEXEC' ? join(t.dir, 'noexec') : a === 'DIR' ? join(t.dir, 'dir') : a));
    const { real, ours } = await runBoth('setuidgid', argv);
    expect(outcome(ours)).toEqual(outcome(real));
    expect(ours.exitCode).toBe(args.length < 2 ? 100 : 111);
  });

  it('without privilege: unable to setgid: permission denied, as the real one', async () => {
    // The real setuidgid drops to nobody, then each tries to become root.
    const real = await runReal('setuidgid', ['nobody', realBin('setuidgid'), 'root', 'true']);
    const ours = await runReal('setuidgid', ['nobody', process.execPath, ourBin('setuidgid'), 'root', 'true']);
    expect(outcome(ours)).toEqual(outcome(real));
    expect(ours.stderr).toBe('setuidgid: fatal: unable to setgid: permission denied\n');
  });
});
