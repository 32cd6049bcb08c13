// Node flags per program, in one place (plain JS, so the build and any launcher can read it): the build puts
// them on each bin's first line, the /bin/sh launcher (launcher.mjs) or `#!/usr/bin/env -S node FLAGS`;
// bench/multilog runs ours with them; test/lib/node-flags.test.ts checks the built bins carry them. Only
// long-running programs whose memory matters get flags.
//
// multilog (Node 24, 13 MB of short lines and 50 MB of mixed lines, stdin a file; docs/decisions/0009):
//   --max-semi-space-size=1  the young generation stays at 1 MiB semi-spaces (the hot path allocates nothing)
//   --single-threaded        no V8 platform worker threads: GC and compiles on the main thread
// Peak RSS 64 -> 62 MB, USS (private) 16 -> 14 MB, CPU on 1 M short lines 270 -> 240 ms. --max-opt=2 (no
// TurboFan) would save 6 MB more of RSS, all of it the node binary's shared text, at 10-20% more CPU: not taken.
//
//   --max-opt=2              (decision 0022) Maglev at most: TurboFan compiling the kernel's JS glue (shortLines
//                            alone took 27 ms of TurboFan) cost more than it saved
//   --no-liftoff             the line kernel compiled by TurboFan once, at its first use, instead of Liftoff
//                            code first and a tier-up while the input streams
// Callgrind, 20 MB of mixed lines to one directory: 361 M -> 299 M instructions (with the code cache).
// The code cache (build/multilog-script.mjs) is made under these flags: V8 rejects it under any others.
//
// tai64n (decision 0017): its per-line work is a WebAssembly kernel; the JS left is a little glue per 1024 input
// bytes, which Maglev compiles well enough. TurboFan compiling that glue on worker threads cost more CPU than
// it saved (50 MB of mixed lines, CPU median of 9 interleaved runs: 184 ms -> 136 ms with either flag).
//   --max-opt=2              Maglev at most, no TurboFan for JS (WebAssembly still tiers up)
//   --single-threaded        no V8 platform worker threads
// tai64nlocal gets none: with its own kernel (local-kernel.ts) the flags made no difference (119 vs 115 ms on
// 50 MB, 9 runs); before it, when its per-line work was JS, they cost 30-40 % more CPU.
export const NODE_FLAGS = {
  multilog: ['--max-semi-space-size=1', '--single-threaded', '--max-opt=2', '--no-liftoff'],
  tai64n: ['--max-opt=2', '--single-threaded'],
};

/** The flags of `name` as words for a command line ('' when none). */
export function nodeFlagsOf(name) {
  return (NODE_FLAGS[name] ?? []).join(' ');
}
