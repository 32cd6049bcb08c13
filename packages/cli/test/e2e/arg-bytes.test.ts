// Arguments are bytes, as for the C programs: a service directory whose name is not UTF-8 (sv\351) for
// svc, svok, svstat and supervise, envdir's directory, svscan's scan directory, the empty name, and a
// multilog pattern with bytes above 0x7f give the real programs' results. Node would decode such an argument to U+FFFD; ours read /proc/self/cmdline.
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { ProcessJanitor, waitFor } from '@dt/test-support';
import { requireReal } from './supervisor-e2e-helpers.js';
import { ourBin, tempDir } from './helpers/chainload-run.js';

const t = tempDir('arg-bytes');
const janitor = new ProcessJanitor();
const NAME = Buffer.from([0x73, 0x76, 0xe9]); // sv\351
const dirPath = Buffer.concat([Buffer.from(`${t.dir}/`), NAME]);
// sh turns \351 into the byte and passes it as the last argument: `$@ NAME`
const LAST_ARG = 'n=$(printf "sv\\351"); exec "$@" "$n"';

beforeAll(() => requireReal('/usr/bin/svc', '/usr/bin/svok', '/usr/bin/svstat', '/usr/bin/supervise', '/usr/bin/multilog', '/usr/bin/envdir', '/usr/bin/svscan'));
afterEach(() => janitor.killAll());
afterAll(() => t.cleanup());

type Impl = 'real' | 'ours';
const cmd = (impl: Impl, name: string) => (impl === 'real' ? [`/usr/bin/${name}`] : [process.execPath, ourBin(name)]);

/** Run `argv` with NAME (bytes) appended, in the temp dir; stdout and stderr as hex. */
async function withName(argv: string[], input?: Buffer) {
  const r = await execa('sh', ['-c', LAST_ARG, 'sh', ...argv], {
    cwd: t.dir, reject: false, encoding: 'buffer', input, stdin: input ? undefined : 'ignore', timeout: 20_000,
  });
  const hex = (b: unknown) => Buffer.from(b as Uint8Array).toString('hex');
  return { exitCode: r.exitCode, stdout: hex(r.stdout), stderr: hex(r.stderr) };
}

describe('a service directory whose name is not UTF-8', () => {
  beforeAll(() => {
    mkdirSync(dirPath);
    writeFileSync(Buffer.concat([dirPath, Buffer.from('/run')]), '#!/bin/sh\nexec sleep 1000\n');
    chmodSync(Buffer.concat([dirPath, Buffer.from('/run')]), 0o755);
  });

  it('svstat, svok and svc say what the real ones say with no supervise running', async () => {
    for (const [name, args] of [['svstat', []], ['svok', []], ['svc', ['-u']]] as const) {
      expect(await withName([...cmd('ours', name), ...args])).toEqual(await withName([...cmd('real', name), ...args]));
    }
  });

  it.each(['real', 'ours'] as const)('under the %s supervise: svstat and svok agree with the real ones, svc -dx stops it', async (sup) => {
    const p = spawn('sh', ['-c', LAST_ARG, 'sh', ...cmd(sup, 'supervise')], { cwd: t.dir, stdio: 'ignore' });
    janitor.add(p.pid);
    const exited = new Promise((r) => p.once('exit', (code) => r(code)));
    await waitFor('up', async () => /3a207570/.test((await withName(cmd('real', 'svstat'))).stdout)); // ": up"
    const mask = (o: { stdout: string }) => ({ ...o, stdout: o.stdout.replace(/2028706964.*$/, '') }); // from " (pid"
    expect(mask(await withName(cmd('ours', 'svstat')))).toEqual(mask(await withName(cmd('real', 'svstat'))));
    expect(await withName(cmd('ours', 'svok'))).toEqual({ exitCode: 0, stdout: '', stderr: '' });
    expect(await withName([...cmd('ours', 'svc'), '-dx'])).toEqual({ exitCode: 0, stdout: '', stderr: '' });
    expect(await exited).toBe(0);
  });

  it('the empty name fails as the real programs do (never /supervise)', async () => {
    for (const [name, args] of [['svstat', []], ['svok', []], ['svc', ['-u']], ['supervise', []]] as const) {
      const run = (impl: Impl) => execa(cmd(impl, name)[0]!, [...cmd(impl, name).slice(1), ...args, ''], { cwd: t.dir, reject: false });
      const [real, ours] = [await run('real'), await run('ours')];
      expect({ name, exitCode: ours.exitCode, stdout: ours.stdout, stderr: ours.stderr }).toEqual({ name, exitCode: real.exitCode, stdout: real.stdout, stderr: real.stderr });
    }
  });
});

describe('multilog patterns are bytes', () => {
  it("'-*' '+*\\351*' selects the Latin-1 line, as the real multilog", async () => {
    const input = Buffer.from('caf\xe9 au lait\nplain ascii\nna\xefve \xe9t\xe9\n', 'latin1');
    const out: Record<Impl, Buffer> = { real: Buffer.alloc(0), ours: Buffer.alloc(0) };
    for (const impl of ['real', 'ours'] as const) {
      const log = join(t.dir, `log-${impl}`);
      // the pattern is the last argument: `+*` NAME... here NAME is built as "+*\351*" by sh
      const r = await execa('sh', ['-c', 'p=$(printf "+*\\351*"); exec "$@" "$p" "$log"', 'sh', ...cmd(impl, 'multilog'), '-*'], {
        cwd: t.dir, reject: false, input, env: { ...process.env, log },
      });
      expect(r.exitCode).toBe(0);
      out[impl] = readFileSync(join(log, 'current'));
    }
    expect(out.ours.toString('hex')).toBe(out.real.toString('hex'));
    expect(out.ours).toEqual(Buffer.from('caf\xe9 au lait\nna\xefve \xe9t\xe9\n', 'latin1'));
  });
});

describe("envdir's directory is bytes", () => {
  // NAME is created as an envdir directory beside the service directory of the tests above: env\351
  const envName = (suffix: string) => Buffer.concat([Buffer.from(`${t.dir}/env`), Buffer.from([0xe9]), Buffer.from(suffix)]);
  const LAST_ENV = 'n=$(printf "env\\351"); exec "$@" "$n" sh -c \'echo "$FOO"; pwd\'';
  const LAST_MISSING = 'n=$(printf "env\\351x"); exec "$@" "$n" true';

  beforeAll(() => {
    mkdirSync(envName(''));
    writeFileSync(Buffer.concat([envName(''), Buffer.from('/FOO')]), 'caf\xe9\n', 'latin1');
  });

  it('a directory whose name is not UTF-8 is read, and the program runs where envdir started, as the real one', async () => {
    const run = async (impl: Impl, script: string) => {
      const r = await execa('sh', ['-c', script, 'sh', ...cmd(impl, 'envdir')], { cwd: t.dir, reject: false, encoding: 'buffer', stripFinalNewline: false });
      return { exitCode: r.exitCode, stdout: Buffer.from(r.stdout).toString('hex'), stderr: Buffer.from(r.stderr).toString('hex') };
    };
    const real = await run('real', LAST_ENV);
    expect(real.stdout).toBe(Buffer.from(`caf\xe9\n${t.dir}\n`, 'latin1').toString('hex'));
    expect(await run('ours', LAST_ENV)).toEqual(real);
    // missing: `unable to switch to directory env\351x: file does not exist`, the bytes as given
    const missing = await run('real', LAST_MISSING);
    expect(missing.exitCode).toBe(111);
    expect(await run('ours', LAST_MISSING)).toEqual(missing);
  });
});

describe("svscan's scan directory is bytes", () => {
  const LAST_SCAN = 'n=$(printf "scan\\351"); exec "$@" "$n"';
  const scanName = Buffer.concat([Buffer.from(`${t.dir}/scan`), Buffer.from([0xe9])]);

  beforeAll(() => {
    mkdirSync(Buffer.concat([scanName, Buffer.from('/a')]), { recursive: true });
    // the service says which svscan started it, in a file in t.dir
    writeFileSync(Buffer.concat([scanName, Buffer.from('/a/run')]), '#!/bin/sh\necho "$SCANNER" > ../../started.$SCANNER\nexec sleep 1000\n');
    chmodSync(Buffer.concat([scanName, Buffer.from('/a/run')]), 0o755);
  });

  it.each(['real', 'ours'] as const)('the %s svscan runs the services of a scan directory whose name is not UTF-8', async (impl) => {
    const started = join(t.dir, `started.${impl}`);
    const p = spawn('sh', ['-c', LAST_SCAN, 'sh', ...cmd(impl, 'svscan')], { cwd: t.dir, stdio: 'ignore', env: { ...process.env, SCANNER: impl } });
    janitor.add(p.pid);
    const exited = new Promise((r) => p.once('exit', (code, signal) => r(code ?? signal)));
    await waitFor(`${impl} svscan started a/run`, () => existsSync(started));
    expect(readFileSync(started, 'utf8')).toBe(`${impl}\n`);
    // the real svc stops the service and its supervise; then svscan itself
    const svcArgs = 'n=$(printf "scan\\351/a"); exec /usr/bin/svc -dx "$n"';
    expect((await execa('sh', ['-c', svcArgs], { cwd: t.dir, reject: false })).exitCode).toBe(0);
    await waitFor('supervise gone', async () => (await execa('sh', ['-c', 'n=$(printf "scan\\351/a"); exec /usr/bin/svok "$n"'], { cwd: t.dir, reject: false })).exitCode !== 0);
    p.kill('SIGTERM');
    await exited;
  });

  it('a scan directory that does not exist: the same line and exit code as the real svscan', async () => {
    const LAST_MISSING = 'n=$(printf "scan\\351x"); exec "$@" "$n"';
    const run = async (impl: Impl) => {
      const r = await execa('sh', ['-c', LAST_MISSING, 'sh', ...cmd(impl, 'svscan')], { cwd: t.dir, reject: false, encoding: 'buffer', timeout: 20_000 });
      return { exitCode: r.exitCode, stderr: Buffer.from(r.stderr).toString('hex') };
    };
    expect(await run('ours')).toEqual(await run('real'));
  });
});
