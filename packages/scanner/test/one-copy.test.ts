// docs/decisions/0012: the libraries are ESM only, and a CommonJS program require()s them (Node >= 22.12's
// require(esm)): one copy of each module, so `require` and `import` give the same classes.
import { describe, expect, it } from '@jest/globals';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const PROGRAM = fileURLToPath(new URL('./fixtures/one-copy.cjs', import.meta.url));
const NAMES = ['posix', 'tai64', 'supervise-protocol', 'multilog', 'scanner'];

describe('one copy of each class', () => {
  it('require() and import() of every library give the same classes and functions', async () => {
    for (const n of NAMES) {
      const dist = `${ROOT}packages/${n}/dist/index.js`;
      if (!existsSync(dist)) throw new Error(`${dist} is missing: npm run build`);
    }
    const res = await execa(process.execPath, [PROGRAM], { cwd: ROOT, reject: false });
    expect(res.stderr).toBe('');
    expect(res.exitCode).toBe(0);
    const out = JSON.parse(res.stdout) as Record<string, { exports: number; same: boolean }> & { instanceofAcross: boolean };
    for (const n of [...NAMES, 'scanner/serve']) {
      expect(out[`@dt/${n}`]!.exports).toBeGreaterThan(0);
      expect(out[`@dt/${n}`]!.same).toBe(true);
    }
    expect(out.instanceofAcross).toBe(true);
  });

  it('every library package.json offers only the ESM entry (no .cjs copy to diverge)', async () => {
    const { readFileSync } = await import('node:fs');
    for (const n of NAMES) {
      const pkg = JSON.parse(readFileSync(`${ROOT}packages/${n}/package.json`, 'utf8')) as { exports: Record<string, unknown>; engines: { node: string } };
      expect(pkg.exports['.']).toEqual({ types: './dist/index.d.ts', default: './dist/index.js' });
      for (const [sub, entry] of Object.entries(pkg.exports)) if (sub !== './package.json') expect(JSON.stringify(entry)).not.toContain('.cjs');
      expect(pkg.engines.node).toBe('>=22.12');
    }
  });
});
