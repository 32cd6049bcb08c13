import { defineConfig } from 'tsup';
// @ts-expect-error: a plain .mjs build helper without types
import { builtinsViaGetBuiltinModule } from './build/builtins-plugin.mjs';

// One ESM file per program. @dt/* libraries are bundled in (tree-shaken), so a short program such as
// svok loads nothing it does not use; koffi (native) stays external and is loaded lazily by @dt/posix.
// Builtins are read through process.getBuiltinModule (bench/cli-startup: svc 1.23x -> 1.01x `node -e 0`).
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
  removeNodeProtocol: false,
  esbuildPlugins: [builtinsViaGetBuiltinModule()],
});
