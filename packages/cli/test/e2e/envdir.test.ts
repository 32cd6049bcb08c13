// envdir against /usr/bin/envdir: the same directory gives the program the same environ (order included,
// 0.76's quirks included); every failure gives the same text and exit code (111, usage too).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { chmodSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BASE_ENV, REPORT, ourBin, outcome, realBin, runBoth, runReal, seen, tempDir } from './helpers/chainload-run.js';

describe('envdir', () => {
  const t = tempDir('envdir');
  const dir = (name: string, files: Record<string, string | Buffer>) => {
    const d = join(t.dir, name);
    mkdirSync(d);
    for (const [f, content] of Object.entries(files)) writeFileSync(join(d, f), content);
    return d;
  };
  beforeAll(() => chmodSync(t.dir, 0o755));
  afterAll(() => t.cleanup());

  it('sets, replaces and removes variables as the real one (values, order, quirks)', async () => {
    const d = dir('main', {
      NEW: 'value\n',
      DT_B: 'replaced\n', // an existing variable: 0.76 moves the last entry into its slot, appends the new one
      DT_A: '', // 0 bytes: removed
      EMPTY: '\n', // one newline: set to the empty string
      TRAIL: 'spaces and tabs \t \t\nsecond line\n',
      LEAD: '  kept leading\n',
      NOEOL: 'no newline at end',
      NUL: Buffer.from('a\0b\0\n'),
      CR: 'dos\r\n',
      UTF8: 'héllo wörld\n',
      '.hidden': 'skipped\n',
      'EQ=SIGN': 'v\n', // 0.76 does not validate names
      MISSING_VAR_REMOVE: '',
    });
    const { real, ours } = await runBoth('envdir', [d, REPORT]);
    expect(seen(ours)).toEqual(seen(real));
    const environ = seen(ours).report.slice(seen(ours).report.indexOf('environ:'));
    expect(environ).toEqual(expect.arrayContaining(['NEW=value', 'DT_B=replaced', 'EMPTY=', 'TRAIL=spaces and tabs', 'NUL=a', 'b', 'LEAD=  kept leading']));
    expect(environ.some((l) => l.startsWith('DT_A='))).toBe(false);
    expect(environ.some((l) => l.startsWith('.hidden'))).toBe(false);
  });

  it('a name that does not exist when opened (dangling symlink) reuses the previous buffer, as 0.76 does', async () => {
    // readdir order decides which file comes first: whatever it is, both must agree.
    const d = dir('dangling', { A: 'first\n', B: '', C: 'third \n', D: 'x\0y\n' });
    for (const name of ['L1', 'L2', 'L3', 'L4', 'L5']) symlinkSync(join(t.dir, 'nowhere'), join(d, name));
    const { real, ours } = await runBoth('envdir', [d, REPORT]);
    expect(seen(ours)).toEqual(seen(real));
  });

  it('passes names and values that are not UTF-8 byte for byte, as does the inherited environment', async () => {
    const d = dir('bytes', { V: Buffer.from([0xff, 0x41, 0x0a]), W: Buffer.from([0xc3, 0x28, 0x0a]) });
    writeFileSync(Buffer.concat([Buffer.from(`${d}/`), Buffer.from([0x4e, 0xfe])]), 'x\n'); // name N\xfe
    // sh puts bytes into envdir's own environment (X=\xfe\xff) before exec'ing it; the program prints its environ in hex.
    const viaSh = (...cmd: string[]) => runReal('sh', ['-c', 'X=$(printf "\\376\\377") exec "$@"', 'sh', ...cmd, d, 'od', '-An', '-tx1', '-v', '/proc/self/environ']);
    const real = await viaSh(realBin('envdir'));
    const ours = await viaSh(process.execPath, ourBin('envdir'));
    expect(outcome(ours)).toEqual(outcome(real));
    const hex = ours.stdout.replace(/\s+/g, ' ');
    expect(hex).toContain('56 3d ff 41'); // V=\xffA
    expect(hex).toContain('57 3d c3 28'); // W=\xc3(
    expect(hex).toContain('4e fe 3d 78'); // N\xfe=x
    expect(hex).toContain('58 3d fe ff'); // X=\xfe\xff
  });

  it('finds the program through the PATH envdir was started with, not one the directory sets', async () => {
    const d = dir('path', { PATH: '/nonexistent\n' });
    const { real, ours } = await runBoth('envdir', [d, 'sh', '-c', 'echo "$PATH"']);
    expect(outcome(ours)).toEqual(outcome(real));
    expect(ours.stdout).toBe('/nonexistent\n');
  });

  it('works with a relative directory and leaves the working directory as it was', async () => {
    dir('rel', { X: 'y\n' });
    const { real, ours } = await runBoth('envdir', ['rel', 'sh', '-c', 'echo "$X $PWD"; pwd'], { cwd: t.dir, env: { ...BASE_ENV } });
    expect(outcome(ours)).toEqual(outcome(real));
    expect(ours.stdout).toBe(`y ${t.dir}\n${t.dir}\n`);
  });

  it('an empty directory changes nothing', async () => {
    const { real, ours } = await runBoth('envdir', [dir('empty', {}), REPORT]);
    expect(seen(ours)).toEqual(seen(real));
  });

  describe('failures: same text and exit code as the real one', () => {
    it.each([
      ['no arguments (usage exits 111)', () => []],
      ['no child', () => [t.dir]],
      ['a missing directory', () => [join(t.dir, 'nope'), 'true']],
      ['a file instead of a directory', () => [REPORT, 'true']],
      ['a subdirectory inside', () => [dir('sub', { A: 'a\n', SUB: 'x' }) && (mkdirSync(join(t.dir, 'sub', 'inner')), join(t.dir, 'sub')), 'true']],
      ['a symlink loop inside', () => [(dir('loop', {}), symlinkSync('LOOP', join(t.dir, 'loop', 'LOOP')), join(t.dir, 'loop')), 'true']],
      ['a missing program', () => [dir('prog', { A: 'a\n' }), 'dt-no-such-program']],
      ['a program that is not executable', () => [join(t.dir, 'prog'), '/etc/passwd']],
    ])('%s', async (_what, args) => {
      const { real, ours } = await runBoth('envdir', args());
      expect(outcome(ours)).toEqual(outcome(real));
      expect(ours.exitCode).toBe(111);
      expect(ours.stderr).toMatch(/^envdir: (usage|fatal): /);
    });

    it('an unreadable file (as nobody): access denied', async () => {
      const d = dir('unreadable', { OK: 'ok\n', SECRET: 'no\n' });
      chmodSync(d, 0o755);
      chmodSync(join(d, 'SECRET'), 0o000);
      const real = await runReal('setuidgid', ['nobody', realBin('envdir'), d, 'true']);
      const ours = await runReal('setuidgid', ['nobody', process.execPath, ourBin('envdir'), d, 'true']);
      expect(outcome(ours)).toEqual(outcome(real));
      expect(ours.stderr).toBe(`envdir: fatal: unable to read ${d}/SECRET: access denied\n`);
    });

    it('an unreadable directory (as nobody): unable to read directory', async () => {
      const d = dir('noread', { A: 'a\n' });
      chmodSync(d, 0o311);
      const real = await runReal('setuidgid', ['nobody', realBin('envdir'), d, 'true']);
      const ours = await runReal('setuidgid', ['nobody', process.execPath, ourBin('envdir'), d, 'true']);
      expect(outcome(ours)).toEqual(outcome(real));
      expect(ours.stderr).toBe(`envdir: fatal: unable to read directory ${d}: access denied\n`);
    });
  });
});
