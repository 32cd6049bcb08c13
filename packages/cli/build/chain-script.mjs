// The chain-loaders' shared script and its V8 code cache (lib/chain-boot.ts runs them; docs/decisions/0015).
//   dist/chain/chain-script.js     lib/chain-script.ts bundled as one classic script, a function of the bin's
//                                import.meta.url and the program's name; its last line tags this build
//                                (`// dt-chain-script SHA256-OF-THE-REST`)
//   dist/chain/chain-script.cache  the tag, then V8's code cache of every function in the script
// The cache is made by a fresh `node` without NODE_OPTIONS (V8 rejects a cache made under other flags):
// it compiles the script with --no-lazy, so the cache holds every function and not only the top level
// (V8 compiles functions on their first call; a cache made right after compiling holds none of them),
// then turns --lazy back on before writing it, so the flags it records are Node's defaults. A second
// fresh `node` checks V8 accepts it; if not, there is no cache (the bins work without it, only slower).
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { builtinsViaGetBuiltinModule } from '../../../scripts/builtins-plugin.mjs';

const WRAP_START = '(function (DT_IMPORT_META_URL, DT_CHAIN_NAME) {\n';

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

/** Write chain-script.js and chain-script.cache into `dir` (dist/chain, beside the bins' dist/bin). */
export async function buildChainScript(dir, entry = 'src/lib/chain-script.ts') {
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
  if (/^(import|export)\b/m.test(code) || code.includes('import.meta')) throw new Error('chain-script: the bundle is not a classic script');
  const body = `${WRAP_START}${code}})\n`;
  const tag = createHash('sha256').update(body).digest('hex');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'chain-script.js');
  const cache = join(dir, 'chain-script.cache');
  writeFileSync(file, `${body}// dt-chain-script ${tag}\n`);
  rmSync(cache, { force: true });
  const env = { ...process.env };
  delete env.NODE_OPTIONS;
  const made = spawnSync(process.execPath, ['-e', MAKE_CACHE, file, cache, tag], { env, stdio: ['ignore', 'inherit', 'inherit'] });
  const ok = made.status === 0 && spawnSync(process.execPath, ['-e', CHECK_CACHE, file, cache], { env, stdio: 'ignore' }).status === 0;
  if (!ok) {
    rmSync(cache, { force: true });
    console.warn(`chain-script: no code cache (${process.execPath} ${process.version}); the chain-loaders start slower`);
  }
}
