// The wall clock as daemontools reads it (gettimeofday, µs): for a program that already loads libc through
// koffi and wants the µs wall time without Node's `performance` global, whose first use loads perf_hooks and
// ten internal modules (~13 M instructions; multilog's clock anchor, decision 0022).
import { loadLibc } from './libc.js';

const tv = new Uint8Array(16); // struct timeval on 64-bit Linux: long tv_sec, long tv_usec
const view = new DataView(tv.buffer);

/** gettimeofday(2) in Unix microseconds. */
export function gettimeofdayMicros(): number {
  loadLibc().gettimeofday(tv, null);
  return Number(view.getBigInt64(0, true)) * 1_000_000 + Number(view.getBigInt64(8, true));
}
