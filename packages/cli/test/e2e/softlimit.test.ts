// softlimit against /usr/bin/softlimit: the program sees the same limits (`ulimit -a`) and everything else
// the same, same PID; option parsing (sgetopt) and every failure byte for byte.
import { describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import { REPORT, outcome, runBoth, seen, tempDir } from './helpers/chainload-run.js';

describe('softlimit', () => {
  it.each([
    ['every option with a number', ['-a', '2000000000', '-c', '1000', '-d', '300000000', '-f', '4096000', '-l', '65536', '-o', '64', '-p', '500', '-r', '100000000', '-s', '4000000', '-t', '30']],
    ['-m (data, stack, locked memory, address space)', ['-m', '300000000']],
    ['= (soft limit up to the hard one)', ['-c=', '-o', '=', '-t=']],
    ['bundled arguments and a value above the hard limit (clamped)', ['-t5', '-o1000000000000', '-c', '99']],
    ['a value past 2^64 (wraps as scan_ulong does)', ['-t', '99999999999999999999999']],
    ['later options win', ['-m', '300000000', '-d', '200000000']],
    ['`--` ends the options', ['-c', '7', '--']],
    ['any word starting with `--` ends the options too', ['-c', '7', '--foo']],
    ['no options at all', []],
  ])('%s: same limits and view as the real one', async (_what, opts) => {
    const { real, ours } = await runBoth('softlimit', [...opts, REPORT]);
    expect(seen(ours)).toEqual(seen(real));
    expect(seen(ours).report).toContain('pid=same as the program started');
    expect(ours.exitCode).toBe(0);
  });

  it('an empty number is 0 (as scan_ulong): with -a the exec itself dies of it, as the real one', async () => {
    const { real, ours } = await runBoth('softlimit', ['-a', '', 'true']);
    expect(outcome(ours)).toEqual(outcome(real));
    expect([ours.signal, real.signal]).toEqual(['SIGSEGV', 'SIGSEGV']);
  });

  it.each([
    ['-s', '0'],
    ['-m', '100000'],
    ['-o', '2'],
    ['-d', '0'],
    // (-t 0 is left out: whether SIGXCPU lands before `echo` ends depends on the timer tick, for both)
  ])('%s %s, a limit too small for the program: it fails the same way (limits are set only right before exec)', async (opt, value) => {
    const { real, ours } = await runBoth('softlimit', [opt, value, 'sh', '-c', 'echo ok']);
    expect({ ...outcome(ours), signal: ours.signal }).toEqual({ ...outcome(real), signal: real.signal });
  });

  it('-f 0: the program gets SIGXFSZ by default when it writes a file (not ignored as in Node)', async () => {
    const t = tempDir('softlimit');
    try {
      const write = ['-f', '0', 'dd', 'if=/dev/zero', `of=${join(t.dir, 'out')}`, 'bs=1', 'count=1'];
      const { real, ours } = await runBoth('softlimit', write);
      expect({ ...outcome(ours), signal: ours.signal }).toEqual({ ...outcome(real), signal: real.signal });
      expect(ours.signal).toBe('SIGXFSZ');
    } finally {
      t.cleanup();
    }
  });

  it.each([
    ['an unknown option', ['-z', 'true']],
    ['a missing argument', ['-a']],
    ['a missing argument after others', ['-c', '1', '-t']],
    ['a non-numeric value', ['-a', 'x', 'true']],
    ['a non-numeric value before an unknown option (only the usage line)', ['-a', 'x', '-z', 'true']],
    ['a good value before an unknown option', ['-a', '5', '-z', 'true']],
    ['an unknown option before a non-numeric value', ['-z', '-a', 'x', 'true']],
    ['a non-numeric value before a missing argument', ['-c', 'x', '-t']],
    ['an exponent', ['-a', '1e3', 'true']],
    ['a negative value', ['-a', '-1', 'true']],
    ['trailing junk', ['-a12x', 'true']],
    ['a signed value', ['-t', '+5', 'true']],
    ['no child', ['-t', '5']],
    ['nothing at all', []],
    ['`-` as the child', ['-', 'true']],
    ['a missing program', ['-t', '5', 'dt-no-such-program']],
    ['a missing program under a small address space and data limit', ['-a', '2000000000', '-d', '100000000', 'dt-no-such-program']],
    ['a program that is not executable', ['/etc/passwd']],
  ])('%s: same message and exit code as the real one', async (_what, args) => {
    const { real, ours } = await runBoth('softlimit', args);
    expect(outcome(ours)).toEqual(outcome(real));
    expect([100, 111]).toContain(ours.exitCode);
  });
});
