// Node flags per program, in one place: a bin's shebang (`#!/usr/bin/env -S node FLAGS`) and any launcher
// (a sh wrapper, svscan starting a logger, bench/) take them from here; test/lib/node-flags.test.ts checks
// that every shebang says the same. Only long-running programs whose memory matters get flags.
//
// multilog (measured with bench/multilog, Node 24, 13 MB of short lines, stdin a file):
//   --max-semi-space-size=1  the young generation stays at 1 MiB semi-spaces (the hot path allocates nothing)
//   --max-opt=2              Maglev at most: TurboFan's code pages are never touched (about -6 MB RSS)
//   --single-threaded        no V8 platform worker threads: GC and compiles on the main thread (-3 MB USS)
// Peak RSS 65 -> 56 MB, USS 17 -> 14 MB, throughput within noise (docs/decisions/0009-hot-paths.md).
export const NODE_FLAGS: Readonly<Record<string, readonly string[]>> = {
  multilog: ['--max-semi-space-size=1', '--max-opt=2', '--single-threaded'],
};
