// multilog's program script and its code cache (lib/multilog-boot.ts, build/multilog-script.mjs): the built
// cache is one V8 accepts under multilog's Node flags; a cache of another build, one made under other
// flags, or none at all changes nothing but the speed.
import { afterAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TAG_LENGTH, cacheFor } from '../../src/lib/chain-boot.js';
// @ts-expect-error: a plain .mjs build helper without types
import { NODE_FLAGS } from '../../build/node-flags.mjs';

const DIST = fileURLToPath(new URL('../../dist/', import.meta.url));
const NODE_MODULES = fileURLToPath(new URL('../../../../node_modules', import.meta.url));
const SCRIPT = join(DIST, 'multilog', 'multilog-script.js');
const CACHE = join(DIST, 'multilog', 'multilog-script.cache');
const FLAGS: string[] = (NODE_FLAGS as Record<string, string[]>).multilog ?? [];
const tmp = mkdtempSync(join(tmpdir(), 'dt-multilog-boot-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Whether V8, started with `flags`, rejects the built cache for the built script. */
function rejected(flags: string[]): string {
  const check = `const { Script } = require('node:vm'); const fs = require('node:fs');
    const s = new Script(fs.readFileSync(process.argv[1], 'latin1'), { filename: 'x', cachedData: fs.readFileSync(process.argv[2]).subarray(${TAG_LENGTH}) });
    process.stdout.write(String(s.cachedDataRejected));`;
  return spawnSync(process.execPath, [...flags, '-e', check, SCRIPT, CACHE], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } }).stdout;
}

describe('the built multilog script and cache', () => {
  it('the cache is tagged for the script and V8 accepts it under multilog\'s flags', () => {
    const source = readFileSync(SCRIPT, 'latin1');
    expect(source.endsWith(`// dt-multilog-script ${readFileSync(CACHE).toString('latin1', 0, TAG_LENGTH)}\n`)).toBe(true);
    expect(cacheFor(source, readFileSync(CACHE))).toBeDefined();
    expect(rejected(FLAGS)).toBe('false');
  });

  it('with the cache, without it, with another build\'s or under other flags, multilog logs the same', () => {
    // a copy of the bins beside node_modules (koffi is found from the bin's directory up)
    const root = join(tmp, 'pkg');
    cpSync(join(DIST, 'bin'), join(root, 'dist', 'bin'), { recursive: true });
    cpSync(join(DIST, 'multilog'), join(root, 'dist', 'multilog'), { recursive: true });
    symlinkSync(NODE_MODULES, join(root, 'node_modules'));
    const input = Buffer.from('one\ntwo has ERROR in it\n' + 'x'.repeat(1500) + '\nlast without newline');
    let k = 0;
    const run = (flags: string[] = FLAGS) => {
      const dir = join(tmp, `log${k++}`);
      const r = spawnSync(process.execPath, [...flags, join(root, 'dist', 'bin', 'multilog.js'), 's4096', 'e', dir, '-*', '+*ERROR*', `${dir}-errors`], {
        input,
        env: { PATH: '/usr/bin:/bin' },
      });
      return { status: r.status, stderr: r.stderr.toString('latin1'), current: readFileSync(join(dir, 'current'), 'latin1'), errors: readFileSync(join(`${dir}-errors`, 'current'), 'latin1'), mode: statSync(join(dir, 'current')).mode & 0o777 };
    };
    const cache = join(root, 'dist', 'multilog', 'multilog-script.cache');
    const withCache = run();
    expect(withCache).toMatchObject({ status: 0, mode: 0o744, errors: 'two has ERROR in it\n' });
    expect(withCache.current).toBe(input.toString('latin1') + '\n');
    expect(withCache.stderr).toBe(`one\ntwo has ERROR in it\n${'x'.repeat(200)}...\nlast without newline\n`);
    expect(run([])).toEqual(withCache); // V8 rejects the cache (other flags): compiled as usual
    writeFileSync(cache, Buffer.concat([Buffer.from('0'.repeat(TAG_LENGTH)), readFileSync(cache).subarray(TAG_LENGTH)]));
    expect(run()).toEqual(withCache);
    rmSync(cache);
    expect(run()).toEqual(withCache);
  });
});
