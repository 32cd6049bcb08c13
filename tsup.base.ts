// The one tsup configuration of the @dt libraries (each package's tsup.config.ts is this call): ESM and
// CJS from src/index.ts with types and source maps. Other @dt packages are imported, never inlined, so an
// application that uses several keeps one copy of each. keepNames: every error's `name` is its class's
// (execa's convention), which must survive esbuild renaming a class to avoid a clash in the bundle.
import { defineConfig, type Options } from 'tsup';

export function libraryConfig(overrides: Options = {}) {
  return defineConfig({
    entry: ['src/index.ts'],
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    clean: true,
    shims: true,
    target: 'node22',
    external: [/^@dt\//],
    keepNames: true,
    ...overrides,
  });
}
