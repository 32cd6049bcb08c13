#!/usr/bin/env node
// npm run pack [-- DIR]: the six packages as installable tarballs (npm pack of every workspace) in DIR
// (default ./packs), before any registry publish. Install them together, offline, into another project:
//   npm install --offline DIR/*.tgz
// They depend on each other by exact version, so all six go in one `npm install`. koffi (the native
// dependency of @dt/posix and @dt/cli; it ships prebuilt binaries) is packed beside them from this
// checkout's node_modules, at the version package-lock.json holds, so that install needs no network.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = resolve(process.argv[2] ?? join(root, 'packs'));
const fail = (text) => {
  process.stderr.write(`pack: fatal: ${text}\n`);
  process.exit(111);
};

const packages = readdirSync(join(root, 'packages'));
const unbuilt = packages.filter((p) => !existsSync(join(root, 'packages', p, 'dist')));
if (unbuilt.length > 0) fail(`not built: ${unbuilt.join(' ')} (run npm ci, or npm run build)`);
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const npm = spawnSync('npm', ['pack', '--workspaces', '--pack-destination', out, '--silent'], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
if (npm.error) fail(`unable to run npm: ${npm.error.message}`);
if (npm.status !== 0) fail(`npm pack exited ${npm.status}`);
const koffi = join(root, 'node_modules', 'koffi');
if (!existsSync(koffi)) fail('node_modules/koffi is missing (run npm ci)');
const dep = spawnSync('npm', ['pack', koffi, '--pack-destination', out, '--silent'], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
if (dep.error || dep.status !== 0) fail(`unable to pack ${koffi}`);
const tarballs = readdirSync(out).filter((f) => f.endsWith('.tgz')).sort();
if (tarballs.length !== packages.length + 1) fail(`expected ${packages.length + 1} tarballs in ${out}, found ${tarballs.length}`);
const shown = relative(process.cwd(), out) || '.';
for (const t of tarballs) process.stdout.write(`${join(shown, t)}\n`);
process.stdout.write(`install them all together: npm install --offline ${resolve(out)}/*.tgz\n`);
