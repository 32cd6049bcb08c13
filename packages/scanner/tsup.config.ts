import { libraryConfig } from '../../tsup.base.js';

// serve: the @dt/scanner/serve subpath (decision 0011); log-host: the log host process's main
// (decision 0005), started by LogHost beside index.
export default libraryConfig({
  entry: { index: 'src/index.ts', serve: 'src/serve.ts', 'log-host': 'src/log-host-main.ts' },
});
