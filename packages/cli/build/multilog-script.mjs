// multilog's program as one classic script and its V8 code cache (lib/multilog-boot.ts runs them; decision
// 0022), as the chain-loaders' (chain-script.mjs, decision 0015), with one difference: multilog runs with
// Node flags (node-flags.mjs) and V8 takes a cache only under the flags it was made with, so the cache is
// made and checked by a `node` started with exactly those flags.
//   dist/multilog/multilog-script.js     lib/multilog-program.ts bundled as one classic script, a function of
//                                      the bin's import.meta.url; its last line tags this build
//                                      (`// dt-multilog-script SHA256-OF-THE-REST`)
//   dist/multilog/multilog-script.cache  the tag, then V8's code cache of every function in the script
// No cache (V8 refused it) only means a slower start: the bin compiles the script as usual.
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { builtinsViaGetBuiltinModule } from '../../../scripts/builtins-plugin.mjs';
import { NODE_FLAGS } from './node-flags.mjs';

// "use strict": the bundle was an ES module (strict code); in sloppy mode the same functions run slower
// (callgrind, 20 MB of mixed lines: 40 M more instructions compiling, 34 M more in builtins).
const WRAP_START = '(function (DT_IMPORT_META_URL) {\n"use strict";\n';

// --no-lazy: every function compiled, so the cache holds them all (not only the top level); --lazy set back
// before createCachedData so the flag hash it records is the one the bin runs with.
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

/** Write multilog-script.js and multilog-script.cache into `dir` (dist/multilog, beside dist/bin). */
export async function buildMultilogScript(dir, entry = 'src/lib/multilog-program.ts') {
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
  if (/^(import|export)\b/m.test(code) || code.includes('import.meta')) throw new Error('multilog-script: the bundle is not a classic script');
  const body = `${WRAP_START}${code}})\n`;
  const tag = createHash('sha256').update(body).digest('hex');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'multilog-script.js');
  const cache = join(dir, 'multilog-script.cache');
  writeFileSync(file, `${body}// dt-multilog-script ${tag}\n`);
  rmSync(cache, { force: true });
  const env = { ...process.env };
  delete env.NODE_OPTIONS;
  const flags = NODE_FLAGS.multilog ?? [];
  const made = spawnSync(process.execPath, [...flags, '-e', MAKE_CACHE, file, cache, tag], { env, stdio: ['ignore', 'inherit', 'inherit'] });
  const ok = made.status === 0 && spawnSync(process.execPath, [...flags, '-e', CHECK_CACHE, file, cache], { env, stdio: 'ignore' }).status === 0;
  if (!ok) {
    rmSync(cache, { force: true });
    console.warn(`multilog-script: no code cache (${process.execPath} ${process.version}); multilog starts slower`);
  }
}
