import { build } from 'tsup';
import { libraryConfig } from '../../tsup.base.js';
// @ts-expect-error: a plain .mjs build helper without types (the CLI bundles use it too)
import { builtinsViaGetBuiltinModule } from '../../scripts/builtins-plugin.mjs';

// serve: the @dt/scanner/serve subpath (decision 0011). log-host: the log host process's main (decision
// 0005), started by LogHost beside index, built after the library as one program, as the CLIs are: @dt/*
// bundled in and tree-shaken, koffi external, builtins read through process.getBuiltinModule. An ES import
// of a builtin builds a facade over all its exports (`fs` alone loaded fs/promises, readline, repl history,
// fs streams and watchers the host never uses); decision 0020 has what that cost the host.
export default libraryConfig({
  entry: { index: 'src/index.ts', serve: 'src/serve.ts' },
  onSuccess: async () => {
    await build({
      config: false,
      entry: { 'log-host': 'src/log-host-main.ts' },
      outDir: 'dist',
      format: ['esm'],
      dts: false,
      sourcemap: true,
      clean: false,
      splitting: false,
      target: 'node22',
      noExternal: [/^@dt\//],
      external: ['koffi'],
      removeNodeProtocol: false,
      esbuildPlugins: [builtinsViaGetBuiltinModule()],
      silent: true,
    });
  },
});
