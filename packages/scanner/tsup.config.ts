import { defineConfig } from 'tsup';

export default defineConfig({
  // log-host: the log host process's main (decision 0005), started by LogHost beside index
  entry: { index: 'src/index.ts', 'log-host': 'src/log-host-main.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  shims: true,
  target: 'node22',
});
