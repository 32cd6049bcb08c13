// node:fs for the chain-loaders, taken through require(). In an ES module, `import { x } from 'node:fs'`
// makes Node build an ES namespace over fs's hundred-odd exports at start-up: measured at about 16 M
// instructions (valgrind), some 15% of a chain-loader's whole start. require() hands back the module
// Node has already loaded, at no cost. (Worth it only once nothing else in the bundle imports node:fs.)
import { createRequire } from 'node:module';

export const fs = createRequire(import.meta.url)('node:fs') as typeof import('node:fs');
