// One program as one classic script plus its V8 code cache, what chain-script.mjs (decision 0015) and
// multilog-script.mjs (decision 0022) each build:
//   DIR/NAME.js     ENTRY bundled as one classic script, a function of the bin's import.meta.url (and what
//                   the wrapper names); its last line tags this build (`// dt-NAME SHA256-OF-THE-REST`)
//   DIR/NAME.cache  the tag, then V8's code cache of every function in the script
// The cache is made by a fresh `node` without NODE_OPTIONS and with exactly the program's own flags (V8
// rejects a cache made under other flags): it compiles the script with --no-lazy, so the cache holds every
// function and not only the top level (V8 compiles functions on their first call; a cache made right after
// compiling holds none of them), then turns --lazy back on before writing it, so the flags it records are
// the ones the bin runs with. A second such `node` checks V8 accepts it; if not, there is no cache (the bin
// works without it, only slower).
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { builtinsViaGetBuiltinModule } from '../../../scripts/builtins-plugin.mjs';

const MAKE_CACHE = `
const { readFileSync, writeFileSync } = require('node:fs');
const v8 = require('node:v8');
const { Script } = require('node:vm');
const [file, out, tag] = process.argv.slice(1);
const source = readFileSync(file, 'latin1');
v8.setFlagsFromString('--no-lazy');
const script = new Script(source, { filename: 'file://' + file });
v8.setFlagsFromString('--lazy');
writeFileSync(out, Buffer.concat([Buffer.from(tag, 'latin1'), script.createCachedData()]));
`;

const CHECK_CACHE = `
const { readFileSync } = require('node:fs');
const { Script } = require('node:vm');
const [file, cache] = process.argv.slice(1);
const s = new Script(readFileSync(file, 'latin1'), { filename: 'file://' + file, cachedData: readFileSync(cache).subarray(64) });
process.exit(s.cachedDataRejected ? 1 : 0);
`;

/**
 * Write NAME.js and NAME.cache into `dir`. `wrapStart` opens the wrapping function (its parameters:
 * DT_IMPORT_META_URL first); `flags` are the Node flags the program runs with; `slower` ends the warning
 * printed when there is no cache.
 */
export async function buildCachedScript({ dir, entry, name, wrapStart, flags = [], slower }) {
  const r = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    format: 'esm', // no imports are left (builtins come from process.getBuiltinModule, koffi from process.dlopen)
    platform: 'node',
    target: 'node22',
    charset: 'ascii',
    external: ['koffi'],
    define: { 'import.meta.url': 'DT_IMPORT_META_URL' },
    plugins: [builtinsViaGetBuiltinModule()],
    logLevel: 'warning',
  });
  const code = r.outputFiles[0].text;
  if (/^(import|export)\b/m.test(code) || code.includes('import.meta')) throw new Error(`${name}: the bundle is not a classic script`);
  const body = `${wrapStart}${code}})\n`;
  const tag = createHash('sha256').update(body).digest('hex');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${name}.js`);
  const cache = join(dir, `${name}.cache`);
  writeFileSync(file, `${body}// dt-${name} ${tag}\n`);
  rmSync(cache, { force: true });
  const env = { ...process.env };
  delete env.NODE_OPTIONS;
  const made = spawnSync(process.execPath, [...flags, '-e', MAKE_CACHE, file, cache, tag], { env, stdio: ['ignore', 'inherit', 'inherit'] });
  const ok = made.status === 0 && spawnSync(process.execPath, [...flags, '-e', CHECK_CACHE, file, cache], { env, stdio: 'ignore' }).status === 0;
  if (!ok) {
    rmSync(cache, { force: true });
    console.warn(`${name}: no code cache (${process.execPath} ${process.version}); ${slower}`);
  }
}
