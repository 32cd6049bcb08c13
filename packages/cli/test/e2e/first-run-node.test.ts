// Issue 13 item 10: under an older system Node, `npm ci` prints EBADENGINE warnings (npm checks every
// package's engines against the Node that runs npm). They are harmless because everything here runs on
// the Node 24 that comes as a dev dependency: the README says so, .nvmrc names a Node that avoids them,
// and npm scripts and npx run node_modules/.bin/node even when an older node is first on PATH.
import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';

const REPO = fileURLToPath(new URL('../../../../', import.meta.url));
const json = (p: string) => JSON.parse(readFileSync(join(REPO, p), 'utf8')) as { engines?: { node?: string } };
const minimum = (range: string) => {
  const m = /^>=(\d+)\.(\d+)$/.exec(range);
  if (!m) throw new Error(`engines.node ${range}: expected >=MAJOR.MINOR`);
  return [Number(m[1]), Number(m[2])] as const;
};
const atLeast = (version: string, [major, minor]: readonly [number, number]) => {
  const [a, b] = version.replace(/^v/, '').split('.').map(Number) as [number, number];
  return a > major || (a === major && b >= minor);
};

describe('Node versions', () => {
  const engines = [json('package.json').engines?.node, ...readdirSync(join(REPO, 'packages')).map((p) => json(`packages/${p}/package.json`).engines?.node)];

  it('one engines range everywhere, met by the Node that comes as a dev dependency and by .nvmrc', async () => {
    expect(new Set(engines).size).toBe(1);
    const min = minimum(engines[0]!);
    const bundled = await execa(join(REPO, 'node_modules', '.bin', 'node'), ['--version']);
    expect(atLeast(bundled.stdout, min)).toBe(true);
    const nvmrc = readFileSync(join(REPO, '.nvmrc'), 'utf8').trim();
    expect(atLeast(`${nvmrc}.0`.split('.').slice(0, 2).join('.'), min)).toBe(true);
  });

  it('npm runs node_modules/.bin/node even when an older node comes first on PATH', async () => {
    const path = (process.env.PATH ?? '').split(delimiter).filter((d) => !d.endsWith(join('node_modules', '.bin')));
    const r = await execa('npm', ['exec', '--', 'node', '--version'], { cwd: REPO, env: { ...process.env, PATH: ['/usr/bin', ...path].join(delimiter), NODE_DISABLE_COMPILE_CACHE: '1' }, reject: false });
    expect(r.exitCode).toBe(0);
    expect(atLeast(r.stdout, minimum(engines[0]!))).toBe(true);
  });

  it('the README explains the EBADENGINE warnings and how to avoid them', () => {
    const readme = readFileSync(join(REPO, 'README.md'), 'utf8');
    expect(readme).toContain('npm warn EBADENGINE Unsupported engine');
    expect(readme).toMatch(/harmless/);
    expect(readme).toContain('.nvmrc');
  });
});
