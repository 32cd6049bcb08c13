// The one tsup configuration of the @dt libraries (each package's tsup.config.ts is this call): ESM only
// (require() of it is Node's require(esm): one copy of each class, docs/decisions/0012) from src/index.ts,
// with types and source maps. Other @dt packages are imported, never inlined, so an
// application that uses several keeps one copy of each. No keepNames: its `static { __name(...) }` blocks
// defeat tree-shaking in the CLI bundles (svc grew from 12 KB to 81 KB); every error's `name` is its
// class's, which holds because no two classes of a package share a name (esbuild renames only on a clash).
import { defineConfig, type Options } from 'tsup';

export function libraryConfig(overrides: Options = {}) {
  return defineConfig({
    entry: ['src/index.ts'],
    format: ['esm'],
    dts: true,
    sourcemap: true,
    clean: true,
    shims: true,
    target: 'node22',
    external: [/^@dt\//],
    ...overrides,
  });
}
