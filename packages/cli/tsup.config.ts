import { defineConfig } from 'tsup';

// One ESM file per program. @dt/* libraries are bundled in (tree-shaken), so a short program such as
// svok loads nothing it does not use; koffi (native) stays external and is loaded lazily by @dt/posix.
export default defineConfig({
  entry: ['src/bin/*.ts'],
  outDir: 'dist/bin',
  format: ['esm'],
  dts: false,
  sourcemap: false,
  clean: true,
  splitting: false,
  target: 'node22',
  noExternal: [/^@dt\//],
  external: ['koffi'],
});
