import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm'], // ESM only: require() of it is Node's require(esm), one copy of each class (docs/decisions/0012)
  dts: true,
  sourcemap: true,
  clean: true,
  shims: true,
  target: 'node22',
});
