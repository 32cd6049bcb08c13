import { defineConfig } from 'tsup';
// @ts-expect-error: a plain .mjs build helper without types
import { builtinsViaGetBuiltinModule } from '../../scripts/builtins-plugin.mjs';
// @ts-expect-error: a plain .mjs build helper without types
import { installLaunchers } from './build/launcher.mjs';
// @ts-expect-error: a plain .mjs build helper without types
import { buildChainScript } from './build/chain-script.mjs';
// @ts-expect-error: a plain .mjs build helper without types
import { buildMultilogScript } from './build/multilog-script.mjs';
import { readdirSync } from 'node:fs';

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
  // The programs that run others start through a /bin/sh launcher (build/launcher.mjs: inherited fds,
  // the original RLIMIT_NOFILE, memory limits Node cannot start under); every bin is made executable.
  // The chain-loaders' shared script and its V8 code cache (build/chain-script.mjs, lib/chain-boot.ts).
  onSuccess: async () => {
    installLaunchers('dist/bin', readdirSync('dist/bin').filter((f) => f.endsWith('.js')).map((f) => f.slice(0, -3)));
    await buildChainScript('dist/chain');
    await buildMultilogScript('dist/multilog');
  },
});
