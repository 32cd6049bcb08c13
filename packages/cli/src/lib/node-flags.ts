// Node flags per program, in one place: a bin's shebang (`#!/usr/bin/env -S node FLAGS`) and any launcher
// (a sh wrapper, svscan starting a logger, bench/) take them from here; test/lib/node-flags.test.ts checks
// that every shebang says the same. Only long-running programs whose memory matters get flags.
//
// multilog (measured with bench/multilog, Node 24, 13 MB of short lines, stdin a file):
//   --max-semi-space-size=1  the young generation stays at 1 MiB semi-spaces (the hot path allocates nothing)
//   --single-threaded        no V8 platform worker threads: GC and compiles on the main thread (-3 MB USS)
// Peak RSS 65 -> 62 MB, USS 17 -> 14 MB, CPU on 1 M short lines 270 -> 240 ms. --max-opt=2 (no TurboFan)
// would save 6 MB more of RSS, all of it the node binary's shared text, at 10-20% more CPU: not taken
// (docs/decisions/0009-hot-paths.md).
export const NODE_FLAGS: Readonly<Record<string, readonly string[]>> = {
  multilog: ['--max-semi-space-size=1', '--single-threaded'],
};
