// Chains of chain-loaders against daemontools 0.76's: every fd the caller gave (3 and 9 here) reaches the
// final program through each of them and through a chain of all of them; a chain runs in one Node start
// (the later links are applied in the same process); softlimit's limits reach the final program wherever
// softlimit stands in the chain; a later link fails with its own name and code; arguments are bytes.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { chmodSync, copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { BASE_ENV, REPORT, ourBin, outcome, realBin, runReal, seen, tempDir } from './helpers/chainload-run.js';

const t = tempDir('chain');
const report = join(t.dir, 'report.sh');
const envDir = join(t.dir, 'env');
const lockDir = join(t.dir, 'locks');
const starts = join(t.dir, 'node-starts');
const counter = join(t.dir, 'count-start.cjs');

beforeAll(() => {
  if (process.getuid?.() !== 0) throw new Error('these tests run setuidgid nobody: run them as root');
  chmodSync(t.dir, 0o755); // nobody must reach the report script and the env directory
  copyFileSync(REPORT, report);
  chmodSync(report, 0o755);
  mkdirSync(envDir);
  writeFileSync(join(envDir, 'SERVICE'), 'web\n');
  writeFileSync(join(envDir, 'DT_A'), '');
  chmodSync(envDir, 0o755);
  mkdirSync(lockDir);
  chmodSync(lockDir, 0o777); // setlock after setuidgid nobody creates its file as nobody
  // Loaded by every Node start (NODE_OPTIONS): one line in node-starts per start.
  writeFileSync(counter, `require('fs').appendFileSync(${JSON.stringify(starts)}, process.pid + '\\n');\n`);
  chmodSync(counter, 0o644);
});
afterAll(() => t.cleanup());

type Impl = 'real' | 'ours';
/** A link's program: /usr/bin/NAME, or our dist/bin/NAME.js (executable; the first link is started through Node). */
const bin = (impl: Impl, name: string) => (impl === 'real' ? realBin(name) : ourBin(name));

/** Each chain-loader with arguments that let the program run. */
const LINKS: Record<string, (impl: Impl) => string[]> = {
  envdir: (impl) => [bin(impl, 'envdir'), envDir],
  envuidgid: (impl) => [bin(impl, 'envuidgid'), 'nobody'],
  setuidgid: (impl) => [bin(impl, 'setuidgid'), 'nobody'],
  softlimit: (impl) => [bin(impl, 'softlimit'), '-o', '1000', '-c', '0'],
  setlock: (impl) => [bin(impl, 'setlock'), join(lockDir, `lock-${impl}`)],
  pgrphack: (impl) => [bin(impl, 'pgrphack')],
};
const chainOf = (impl: Impl, names: readonly string[]) => names.flatMap((n) => LINKS[n]!(impl));

/**
 * Run `argv` with fds 3 and 9 open on files (sh opens them and execs the chain in place), the first
 * program of ours through Node as the other tests do; returns the run and what reached fd 3 and fd 9.
 */
async function withFds(impl: Impl, argv: string[], tag: string, env: Record<string, string> = BASE_ENV) {
  const f3 = join(t.dir, `fd3-${tag}-${impl}`);
  const f9 = join(t.dir, `fd9-${tag}-${impl}`);
  writeFileSync(f3, '');
  writeFileSync(f9, '');
  chmodSync(f3, 0o666);
  chmodSync(f9, 0o666);
  const first = impl === 'ours' ? [process.execPath, ...argv] : argv;
  const r = await runReal('sh', ['-c', 'f3=$1 f9=$2; shift 2; exec "$@" 3>>"$f3" 9>>"$f9"', 'sh', f3, f9, ...first], { env, cwd: t.dir });
  return { r, fd3: readFileSync(f3, 'utf8'), fd9: readFileSync(f9, 'utf8') };
}

const WRITE_3_AND_9 = ['/bin/sh', '-c', 'echo three >&3 && echo nine >&9'];

describe('inherited fds reach the final program', () => {
  it.each(Object.keys(LINKS))('through %s, as through the real one', async (name) => {
    for (const impl of ['real', 'ours'] as const) {
      const { r, fd3, fd9 } = await withFds(impl, [...LINKS[name]!(impl), ...WRITE_3_AND_9], name);
      expect({ impl, exitCode: r.exitCode, stderr: r.stderr, fd3, fd9 }).toEqual({ impl, exitCode: 0, stderr: '', fd3: 'three\n', fd9: 'nine\n' });
    }
    const real = await withFds('real', [...LINKS[name]!('real'), report], `${name}-report`);
    const ours = await withFds('ours', [...LINKS[name]!('ours'), report], `${name}-report`);
    expect(seen(ours.r)).toEqual(seen(real.r)); // the same fds (3 and 9 among them), flags, ids, limits, environ
  });

  it('through a chain of all of them, in one Node start, with the same view as the real chain', async () => {
    const names = ['envdir', 'setlock', 'envuidgid', 'setuidgid', 'softlimit', 'pgrphack'];
    const real = await withFds('real', [...chainOf('real', names), report], 'all');
    writeFileSync(starts, '');
    const env = { ...BASE_ENV, NODE_OPTIONS: `--require ${counter}` };
    const ours = await withFds('ours', [...chainOf('ours', names), report], 'all', env);
    const realWithEnv = await withFds('real', [...chainOf('real', names), report], 'all-env', env);
    expect(seen(ours.r)).toEqual(seen(realWithEnv.r));
    const fds = seen(ours.r).report.find((l) => l.startsWith('fds='))!.slice(4).split(' ');
    expect(fds).toEqual(expect.arrayContaining(['0', '1', '2', '3', '9'])); // and setlock's lock, where the real one puts it
    expect(readFileSync(starts, 'utf8').split('\n').filter(Boolean)).toHaveLength(1);
    const { fd3, fd9 } = await withFds('ours', [...chainOf('ours', names), ...WRITE_3_AND_9], 'all-write');
    expect({ fd3, fd9 }).toEqual({ fd3: 'three\n', fd9: 'nine\n' });
  });
});

describe('softlimit in a chain', () => {
  const limitsOf = (stdout: string) => stdout.split('\n').filter((l) => /^Max (data size|stack size|locked memory|address space|open files)/.test(l));
  const PROGRAM = ['/bin/sh', '-c', 'cat /proc/$$/limits'];

  it('softlimit -m 50000000 setuidgid nobody envdir e PROGRAM: PROGRAM runs under the limits (/proc/PID/limits)', async () => {
    const chain = (impl: Impl) => [...chainOf(impl, ['softlimit']).slice(0, 1), '-m', '50000000', ...chainOf(impl, ['setuidgid', 'envdir']), ...PROGRAM];
    const real = await withFds('real', chain('real'), 'mem');
    const ours = await withFds('ours', chain('ours'), 'mem');
    expect(outcome(ours.r).exitCode).toBe(0);
    expect(limitsOf(ours.r.stdout)).toEqual(limitsOf(real.r.stdout));
    expect(limitsOf(ours.r.stdout).join('\n')).toMatch(/Max address space\s+50000000\s/);
  });

  it('two softlimits and a later -o: applied in chain order at the final exec', async () => {
    const chain = (impl: Impl) => [
      bin(impl, 'softlimit'), '-d', '900000000', '-o', '500',
      bin(impl, 'envdir'), envDir,
      bin(impl, 'softlimit'), '-d', '800000000', '-o', '=',
      ...PROGRAM,
    ];
    const real = await withFds('real', chain('real'), 'two');
    const ours = await withFds('ours', chain('ours'), 'two');
    expect(limitsOf(ours.r.stdout)).toEqual(limitsOf(real.r.stdout));
  });
});

describe('a later link fails as the real chain does', () => {
  it.each([
    ['an unknown account', (impl: Impl) => [...LINKS.envdir!(impl), bin(impl, 'setuidgid'), 'dt-no-such-user', '/bin/true']],
    ['a missing program', (impl: Impl) => [...LINKS.envdir!(impl), ...LINKS.setuidgid!(impl), '/nonexistent/program']],
    ['a usage error', (impl: Impl) => [...LINKS.envdir!(impl), bin(impl, 'softlimit'), '-x', '/bin/true']],
    ['a bad value', (impl: Impl) => [...LINKS.pgrphack!(impl), bin(impl, 'softlimit'), '-m', 'lots', '/bin/true']],
    ['envdir usage (111) after setuidgid', (impl: Impl) => [...LINKS.setuidgid!(impl), bin(impl, 'envdir'), envDir]],
    ['a missing env directory', (impl: Impl) => [...LINKS.setuidgid!(impl), bin(impl, 'envdir'), join(t.dir, 'nowhere'), '/bin/true']],
    ['setlock -nx on a held lock exits 0', (impl: Impl) => [...LINKS.setlock!(impl), bin(impl, 'setlock'), '-nx', join(lockDir, `lock-${impl}`), '/bin/false']],
  ])('%s: same stderr and exit code', async (_what, argv) => {
    const real = await withFds('real', argv('real'), 'fail');
    const ours = await withFds('ours', argv('ours'), 'fail');
    expect(outcome(ours.r)).toEqual(outcome(real.r));
  });
});

describe('arguments are bytes', () => {
  it('an argument that is not UTF-8 reaches the final program and the messages byte for byte', async () => {
    // sh makes the byte \351 (é in Latin-1) and appends "\351-end" to the command as its last argument
    const viaSh = async (...argv: string[]) => {
      const r = await execa('sh', ['-c', 'b=$(printf "\\351"); exec "$@" "$b-end"', 'sh', ...argv], {
        reject: false, env: BASE_ENV, extendEnv: false, cwd: t.dir, encoding: 'buffer', stdin: 'ignore',
      });
      return { exitCode: r.exitCode, stdout: Buffer.from(r.stdout).toString('hex'), stderr: Buffer.from(r.stderr).toString('hex') };
    };
    // as an argument of the final program, then as the final program itself (in the failure message)
    for (const tail of [['/bin/sh', '-c', 'printf %s "$1" | od -An -tx1', 'sh'], []]) {
      const real = await viaSh(...LINKS.envdir!('real'), ...LINKS.pgrphack!('real'), ...tail);
      const ours = await viaSh(process.execPath, ...LINKS.envdir!('ours'), ...LINKS.pgrphack!('ours'), ...tail);
      expect(ours).toEqual(real);
    }
    expect((await viaSh(process.execPath, ...LINKS.envdir!('ours'), '/bin/sh', '-c', 'printf %s "$1"', 'sh')).stdout).toBe('e92d656e64');
  });
});
