// How a chain-loader starts (envdir, envuidgid, setuidgid, softlimit, setlock, pgrphack): each bin is this
// small module; the code they share is one classic script, dist/chain/chain-script.js, compiled with V8's
// code cache of every function in it, dist/chain/chain-script.cache, both written by the build
// (build/chain-script.mjs). Parsing and compiling the code was about 9 M of the chain's instructions; the
// cache is read-only at run time (never written: no shared or per-user cache directory, nothing a second
// user could plant), and V8 checks it against its own version, its flags and the script's length. The
// cache also names the build of the script it belongs to (its first 64 bytes, the script's last line):
// any other cache, or one V8 rejects (another Node), is ignored and the script compiles as usual. Either
// way the same code runs. docs/decisions/0015.
import { readFileSync, writeSync } from 'node:fs';
import { Script } from 'node:vm';
import { errnoText } from '@dt/posix';
import { EXIT_TEMPORARY } from './exit-codes.js';

/** The script's build tag: its last line is `// dt-chain-script TAG`, the cache starts with TAG. */
export const TAG_LENGTH = 64;

/** The cache's V8 data when it belongs to `source`, else undefined. */
export function cacheFor(source: string, cache: Buffer | undefined): Buffer | undefined {
  if (cache === undefined || cache.length <= TAG_LENGTH) return undefined;
  const tag = source.slice(-TAG_LENGTH - 1, -1);
  return cache.toString('latin1', 0, TAG_LENGTH) === tag ? cache.subarray(TAG_LENGTH) : undefined;
}

/** Run the chain-loader `name` whose bin is at `url` (its import.meta.url). */
export function runChainScript(name: string, url: string): void {
  const file = new URL('../chain/chain-script.js', url);
  let source: string;
  try {
    source = readFileSync(file, 'latin1'); // ASCII: esbuild escapes the rest
  } catch (e) {
    writeSync(2, `${name}: fatal: unable to read ${file.pathname}: ${errnoText(e)}\n`);
    process.exit(EXIT_TEMPORARY);
  }
  let cache: Buffer | undefined;
  try {
    cache = readFileSync(new URL('../chain/chain-script.cache', url));
  } catch {
    // not built (or not readable): compiled as usual
  }
  const script = new Script(source, { filename: file.href, cachedData: cacheFor(source, cache) });
  (script.runInThisContext() as (url: string, name: string) => void)(url, name);
}
