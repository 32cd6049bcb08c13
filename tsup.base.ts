// The one tsup configuration of the @dt libraries (each package's tsup.config.ts is this call): ESM and
// CJS from src/index.ts with types and source maps. Other @dt packages are imported, never inlined, so an
// application that uses several keeps one copy of each. No keepNames: its `static { __name(...) }` blocks
// defeat tree-shaking in the CLI bundles (svc grew from 12 KB to 81 KB); every error's `name` is its
// class's, which holds because no two classes of a package share a name (esbuild renames only on a clash).
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
    ...overrides,
  });
}
