// multilog's program as one classic script and its V8 code cache (lib/multilog-boot.ts runs them; decision
// 0022): dist/multilog/multilog-script.js, a function of the bin's import.meta.url, and
// dist/multilog/multilog-script.cache, made and checked under multilog's own Node flags (node-flags.mjs),
// the only ones V8 takes it under (cached-script.mjs says how).
import { buildCachedScript } from './cached-script.mjs';
import { NODE_FLAGS } from './node-flags.mjs';

// "use strict": the bundle was an ES module (strict code); in sloppy mode the same functions run slower
// (callgrind, 20 MB of mixed lines: 40 M more instructions compiling, 34 M more in builtins).
const WRAP_START = '(function (DT_IMPORT_META_URL) {\n"use strict";\n';

/** Write multilog-script.js and multilog-script.cache into `dir` (dist/multilog, beside dist/bin). */
export async function buildMultilogScript(dir, entry = 'src/lib/multilog-program.ts') {
  await buildCachedScript({ dir, entry, name: 'multilog-script', wrapStart: WRAP_START, flags: NODE_FLAGS.multilog ?? [], slower: 'multilog starts slower' });
}
