import { defineConfig } from 'tsup';

export default defineConfig({
  // serve: the @dt/scanner/serve subpath (decision 0011); log-host: the log host process's main
  // (decision 0005), started by LogHost beside index
  entry: { index: 'src/index.ts', serve: 'src/serve.ts', 'log-host': 'src/log-host-main.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  shims: true,
  target: 'node22',
});
