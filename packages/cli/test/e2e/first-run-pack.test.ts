// Issue 13 item 2 (and issue 17 item 7): installable today, with no registry publish. `npm run pack`
// writes the six packages (and koffi, their one native dependency, from our node_modules) as tarballs;
// `npm install --offline` of all of them into a new project works, and `npx dt run-with` runs there,
// with the installed multilog logging a service. Every tarball carries LICENSE and a repository field.
import { afterAll, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';

const REPO = fileURLToPath(new URL('../../../../', import.meta.url));
const PACKAGES = ['cli', 'multilog', 'posix', 'scanner', 'supervise-protocol', 'tai64'];
const tmp = mkdtempSync(join(tmpdir(), 'dt-pack-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

// A project's shell: Node >= 22.3 first (ours), and no node_modules/.bin of this checkout (npm test adds it).
const path = (process.env.PATH ?? '').split(delimiter).filter((d) => !d.endsWith(join('node_modules', '.bin')));
// npm 11 keeps a compile cache in the temp dir unless told not to: nothing may be left there
const ENV: NodeJS.ProcessEnv = { ...process.env, PATH: [dirname(process.execPath), ...path].join(delimiter), NO_COLOR: '1', NODE_DISABLE_COMPILE_CACHE: '1' };
delete ENV.FORCE_COLOR;
for (const k of Object.keys(ENV)) if (k.startsWith('npm_')) delete ENV[k]; // not npm test's own config

describe('npm run pack, then an offline install in another project', () => {
  const packs = join(tmp, 'packs');
  const project = join(tmp, 'project');

  it('writes one tarball per package, plus koffi, each with LICENSE and repository', async () => {
    const r = await execa('npm', ['run', '--silent', 'pack', '--', packs], { cwd: REPO, env: ENV, reject: false });
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
    const files = readdirSync(packs).sort();
    expect(files).toEqual([...PACKAGES.map((p) => `dt-${p}-0.1.0.tgz`), expect.stringMatching(/^koffi-\d+\.\d+\.\d+\.tgz$/)]);
    expect(r.stdout.split('\n').at(-1)).toBe(`install them all together: npm install --offline ${packs}/*.tgz`);
    for (const p of PACKAGES) {
      const tgz = join(packs, `dt-${p}-0.1.0.tgz`);
      const list = spawnSync('tar', ['tzf', tgz], { encoding: 'utf8' }).stdout.split('\n');
      expect(list).toContain('package/LICENSE');
      const pkg = JSON.parse(spawnSync('tar', ['xzOf', tgz, 'package/package.json'], { encoding: 'utf8' }).stdout) as Record<string, unknown>;
      expect(pkg).toMatchObject({ license: 'MIT', repository: { type: 'git', url: expect.stringMatching(/^git\+https:\/\//), directory: `packages/${p}` } });
      expect(spawnSync('tar', ['xzOf', tgz, 'package/LICENSE'], { encoding: 'utf8' }).stdout).toMatch(/^MIT License\n/);
    }
  }, 120_000);

  it('installs offline into a new project, where npx dt run-with runs a service logged by the installed multilog', async () => {
    mkdirSync(project);
    writeFileSync(join(project, 'package.json'), '{ "name": "consumer", "private": true }\n');
    const tarballs = readdirSync(packs).map((f) => join(packs, f));
    const install = await execa('npm', ['install', '--offline', '--no-audit', '--no-fund', '--save-dev', ...tarballs], { cwd: project, env: ENV, reject: false });
    expect(install.exitCode).toBe(0);
    const deps = (JSON.parse(readFileSync(join(project, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> }).devDependencies;
    expect(Object.keys(deps).sort()).toEqual([...PACKAGES.map((p) => `@dt/${p}`), 'koffi']);

    const svc = join(project, 'ci', 'services', 'hello');
    mkdirSync(join(svc, 'log'), { recursive: true });
    writeFileSync(join(svc, 'run'), '#!/bin/sh\necho "hello from the service"\nexec sleep 1000\n');
    writeFileSync(join(svc, 'log', 'run'), '#!/bin/sh\nexec ../../../../node_modules/.bin/multilog t ./main\n');
    chmodSync(join(svc, 'run'), 0o755);
    chmodSync(join(svc, 'log', 'run'), 0o755);
    const wait = 'until grep -q hello hello/log/main/current 2>/dev/null; do sleep 0.05; done; cat hello/log/main/current';
    const r = await execa('npx', ['--no-install', 'dt', 'run-with', 'ci/services', '--timeout', '30', '--', 'sh', '-c', `cd ci/services && ${wait}`], {
      cwd: project,
      env: ENV,
      reject: false,
      timeout: 60_000,
    });
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/^@4000[0-9a-f]{20} hello from the service$/);
  }, 120_000);
});
