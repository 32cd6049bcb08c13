import { libraryConfig } from '../../tsup.base.js';

// Two entries: the library, and the `@dt/scanner/serve` subpath (dt serve's server, apart so a plain import stays small).
export default libraryConfig({ entry: ['src/index.ts', 'src/serve.ts'] });
