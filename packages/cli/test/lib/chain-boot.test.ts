// The chain-loaders' shared script and its code cache (lib/chain-boot.ts, build/chain-script.mjs): the built
// cache is one V8 accepts, a cache of another build or none at all changes nothing but the speed.
import { afterAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TAG_LENGTH, cacheFor } from '../../src/lib/chain-boot.js';

const DIST = fileURLToPath(new URL('../../dist/', import.meta.url));
const NODE_MODULES = fileURLToPath(new URL('../../../../node_modules', import.meta.url));
const SCRIPT = join(DIST, 'chain', 'chain-script.js');
const CACHE = join(DIST, 'chain', 'chain-script.cache');
const tmp = mkdtempSync(join(tmpdir(), 'dt-chain-boot-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('cacheFor', () => {
  const source = `(function () {})\n// dt-chain-script ${'a'.repeat(TAG_LENGTH)}\n`;
  it('gives the V8 data of a cache tagged for this script', () => {
    const data = Buffer.from('v8 data');
    expect(cacheFor(source, Buffer.concat([Buffer.from('a'.repeat(TAG_LENGTH)), data]))).toEqual(data);
  });
  it('ignores a cache of another build, a short one, or none', () => {
    expect(cacheFor(source, Buffer.concat([Buffer.from('b'.repeat(TAG_LENGTH)), Buffer.from('x')]))).toBeUndefined();
    expect(cacheFor(source, Buffer.from('a'.repeat(TAG_LENGTH)))).toBeUndefined();
    expect(cacheFor(source, undefined)).toBeUndefined();
  });
});

describe('the built script and cache', () => {
  it('the cache is tagged for the script and V8 (this Node, no flags) accepts it', () => {
    const source = readFileSync(SCRIPT, 'latin1');
    const data = cacheFor(source, readFileSync(CACHE));
    expect(data).toBeDefined();
    const check = `const { Script } = require('node:vm'); const fs = require('node:fs');
      const s = new Script(fs.readFileSync(process.argv[1], 'latin1'), { filename: 'x', cachedData: fs.readFileSync(process.argv[2]).subarray(${TAG_LENGTH}) });
      process.stdout.write(String(s.cachedDataRejected));`;
    const r = spawnSync(process.execPath, ['-e', check, SCRIPT, CACHE], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } });
    expect(r.stdout).toBe('false');
  });

  it('with the cache, without it, or with another build\'s, envdir does the same', () => {
    // a copy of the bins beside node_modules (koffi is found from the bin's directory up)
    const root = join(tmp, 'pkg');
    cpSync(join(DIST, 'bin'), join(root, 'dist', 'bin'), { recursive: true });
    cpSync(join(DIST, 'chain'), join(root, 'dist', 'chain'), { recursive: true });
    symlinkSync(NODE_MODULES, join(root, 'node_modules'));
    const env = join(tmp, 'env');
    mkdirSync(env);
    writeFileSync(join(env, 'FOO'), 'bar\n');
    const run = () =>
      spawnSync(process.execPath, [join(root, 'dist', 'bin', 'envdir.js'), env, join(root, 'dist', 'bin', 'envuidgid.js'), 'nobody', '/usr/bin/env'], {
        encoding: 'utf8',
        env: { PATH: '/usr/bin:/bin', A: '1' },
      });
    const cache = join(root, 'dist', 'chain', 'chain-script.cache');
    const withCache = run();
    expect(withCache.status).toBe(0);
    expect(withCache.stdout).toBe('PATH=/usr/bin:/bin\nA=1\nFOO=bar\nGID=65534\nUID=65534\n');
    writeFileSync(cache, Buffer.concat([Buffer.from('0'.repeat(TAG_LENGTH)), readFileSync(cache).subarray(TAG_LENGTH)]));
    expect(run()).toMatchObject({ status: 0, stdout: withCache.stdout, stderr: withCache.stderr });
    rmSync(cache);
    expect(run()).toMatchObject({ status: 0, stdout: withCache.stdout, stderr: withCache.stderr });
  });
});
