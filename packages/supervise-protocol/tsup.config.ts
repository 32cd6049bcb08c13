import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  shims: true,
  target: 'node22',
  // @dt/posix (errnoText) is imported, not inlined, so a bundle that also imports it keeps one copy.
  // It belongs in package.json dependencies too (needs a lockfile update).
  external: [/^@dt\//],
});
