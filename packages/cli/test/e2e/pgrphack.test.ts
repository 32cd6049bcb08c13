// pgrphack against /usr/bin/pgrphack: same PID, a new session and process group, and what the program
// sees (signals, fds, limits, environ) identical; bad input byte for byte.
import { afterAll, describe, expect, it } from '@jest/globals';
import { chmodSync, closeSync, mkdirSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { getFdFlags, pipe2 } from '@dt/posix';
import { join } from 'node:path';
import { BASE_ENV, REPORT, ourBin, outcome, realBin, runBoth, runOurs, seen, tempDir } from './helpers/chainload-run.js';

const NONBLOCK_STDIN = fileURLToPath(new URL('../fixtures/chainload/nonblock-stdin.mjs', import.meta.url));

describe('pgrphack', () => {
  const t = tempDir('pgrphack');
  afterAll(() => t.cleanup());

  it('execs the program in place in its own session and process group, as the real one', async () => {
    const { real, ours } = await runBoth('pgrphack', [REPORT]);
    expect(seen(ours)).toEqual(seen(real));
    expect(seen(ours).report).toEqual(expect.arrayContaining(['pid=same as the program started', 'pgrp=self', 'session=self']));
    expect(seen(ours).report).toEqual(expect.arrayContaining(['SigIgn:\t0000000000000000', 'SigBlk:\t0000000000000000']));
  });

  it('clears O_NONBLOCK on an inherited stdin (on purpose: the real one leaves it set)', () => {
    // Node's spawn clears O_NONBLOCK on a child's stdio itself, so a small exec'ing parent sets it instead.
    const [r, w] = pipe2();
    try {
      const run = (...argv: string[]) =>
        spawnSync(process.execPath, [NONBLOCK_STDIN, ...argv], { env: BASE_ENV, stdio: [r, 'pipe', 'pipe'], encoding: 'utf8' });
      const flags = (out: string) => parseInt(/^fd0 flags:\t(\d+)$/m.exec(out)![1]!, 8);
      const real = run(realBin('pgrphack'), REPORT);
      expect(flags(real.stdout) & 0o4000).toBe(0o4000);
      const ours = run(process.execPath, ourBin('pgrphack'), REPORT);
      expect(flags(ours.stdout) & 0o4000).toBe(0);
      expect(getFdFlags(r).nonblock).toBe(false); // one open file description, shared with this process
    } finally {
      closeSync(r);
      closeSync(w);
    }
  });

  it('`dt pgrphack` is the same program, exec\'d in place from the umbrella command', async () => {
    const { real } = await runBoth('pgrphack', [REPORT]);
    const viaDt = await runOurs('dt', ['pgrphack', REPORT]);
    expect(seen(viaDt)).toEqual(seen(real));
  });

  it('passes arguments through untouched', async () => {
    const { real, ours } = await runBoth('pgrphack', ['/bin/echo', '-n', 'a  b', '', '--', '-x']);
    expect(outcome(ours)).toEqual(outcome(real));
    expect(ours.stdout).toBe('a  b  -- -x');
  });

  it.each([
    ['PATH unset (0.76 searches /bin:/usr/bin)', { HOME: '/root' }, ['ls', '/']],
    ['PATH empty (the current directory only)', { PATH: '' }, ['ls', '/']],
    ['an empty program name', BASE_ENV, ['']],
  ])('%s: same outcome as the real one', async (_what, env, args) => {
    const { real, ours } = await runBoth('pgrphack', args, { env });
    expect(outcome(ours)).toEqual(outcome(real));
  });

  it.each([
    ['no child', []],
    ['a missing program', ['dt-no-such-program']],
    ['a missing path', ['/nonexistent/prog']],
    ['an option-looking name (0.76 takes no options)', ['-z', 'true']],
    ['a file that is not executable', ['NOEXEC']],
    ['a directory', ['DIR']],
  ])('%s: same message and exit code as the real one', async (_what, args) => {
    const noexec = join(t.dir, 'noexec');
    writeFileSync(noexec, '#!/bin/sh\n');
    chmodSync(noexec, 0o644);
    mkdirSync(join(t.dir, 'dir'), { recursive: true });
    const argv = args.map((a) => (a === 'NOEXEC' ? noexec : a === 'DIR' ? join(t.dir, 'dir') : a));
    const { real, ours } = await runBoth('pgrphack', argv);
    expect(outcome(ours)).toEqual(outcome(real));
    expect(ours.exitCode).toBe(args.length === 0 ? 100 : 111);
  });
});
