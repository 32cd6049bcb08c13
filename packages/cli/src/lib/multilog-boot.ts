// How multilog starts: its bin is this small module; the program (lib/multilog-program.ts) is one classic
// script, dist/multilog/multilog-script.js, compiled with V8's code cache of every function in it,
// dist/multilog/multilog-script.cache, both written by the build (build/multilog-script.mjs) under
// multilog's Node flags. Parsing and compiling the ~100 KB program was the largest part of multilog's start
// after Node's own (decision 0019); the cache is read-only at run time, tagged for its build as the
// chain-loaders' (cacheFor, lib/chain-boot.ts), and one V8 rejects (another Node, other flags) or a missing
// one only means a normal compile: the same code runs. docs/decisions/0022.
import { readFileSync, writeSync } from 'node:fs';
import { Script } from 'node:vm';
import { errnoText } from '@dt/posix';
import { cacheFor } from './chain-boot.js';
import { EXIT_TEMPORARY } from './exit-codes.js';

/** Run multilog, whose bin is at `url` (its import.meta.url). */
export function runMultilogScript(url: string): void {
  const file = new URL('../multilog/multilog-script.js', url);
  let source: string;
  try {
    source = readFileSync(file, 'latin1'); // ASCII: esbuild escapes the rest
  } catch (e) {
    writeSync(2, `multilog: fatal: unable to read ${file.pathname}: ${errnoText(e)}\n`);
    process.exit(EXIT_TEMPORARY);
  }
  let cache: Buffer | undefined;
  try {
    cache = readFileSync(new URL('../multilog/multilog-script.cache', url));
  } catch {
    // not built (or not readable): compiled as usual
  }
  const script = new Script(source, { filename: file.href, cachedData: cacheFor(source, cache) });
  (script.runInThisContext() as (url: string) => void)(url);
}
