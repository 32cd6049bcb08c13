// Arguments are bytes, as for the C programs: a service directory whose name is not UTF-8 (sv\351) for
// svc, svok, svstat and supervise, the empty name, and a multilog pattern with bytes above 0x7f give the
// real programs' results. Node would decode such an argument to U+FFFD; ours read /proc/self/cmdline.
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { ProcessJanitor, requireReal, waitFor } from './supervisor-e2e-helpers.js';
import { ourBin, tempDir } from './helpers/chainload-run.js';

const t = tempDir('arg-bytes');
const janitor = new ProcessJanitor();
const NAME = Buffer.from([0x73, 0x76, 0xe9]); // sv\351
const dirPath = Buffer.concat([Buffer.from(`${t.dir}/`), NAME]);
// sh turns \351 into the byte and passes it as the last argument: `$@ NAME`
const LAST_ARG = 'n=$(printf "sv\\351"); exec "$@" "$n"';

beforeAll(() => requireReal('/usr/bin/svc', '/usr/bin/svok', '/usr/bin/svstat', '/usr/bin/supervise', '/usr/bin/multilog'));
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
