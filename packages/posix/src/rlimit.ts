import { throwErrno } from './errors.js';
import { lastErrno, loadLibc } from './libc.js';

export type RlimitResource = 'as' | 'core' | 'cpu' | 'data' | 'fsize' | 'memlock' | 'nofile' | 'nproc' | 'rss' | 'stack';

/** RLIM_INFINITY: (rlim_t) -1 on Linux. */
export const RLIM_INFINITY = 0xffff_ffff_ffff_ffffn;

// <sys/resource.h> RLIMIT_* numbers on Linux (generic, x86_64 and aarch64).
const RESOURCE: Readonly<Record<RlimitResource, number>> = {
  cpu: 0,
  fsize: 1,
  data: 2,
  stack: 3,
  core: 4,
  rss: 5,
  nproc: 6,
  nofile: 7,
  memlock: 8,
  as: 9,
};

function resourceNumber(r: RlimitResource): number {
  const n = RESOURCE[r];
  if (n === undefined) throw new TypeError(`unknown rlimit resource: ${String(r)}`);
  return n;
}

/** getrlimit(2). */
export function getrlimit(r: RlimitResource): { soft: bigint; hard: bigint } {
  const l = loadLibc();
  const buf = new BigUint64Array(2);
  if ((l.getrlimit(resourceNumber(r), buf) as number) !== 0) throwErrno('getrlimit', lastErrno(l));
  return { soft: buf[0]!, hard: buf[1]! };
}

/** setrlimit(2) for this process (and so for whatever it execs). */
export function setrlimit(r: RlimitResource, lim: { soft: bigint; hard: bigint }): void {
  const l = loadLibc();
  const buf = BigUint64Array.of(BigInt.asUintN(64, lim.soft), BigInt.asUintN(64, lim.hard));
  if ((l.setrlimit(resourceNumber(r), buf) as number) !== 0) throwErrno('setrlimit', lastErrno(l));
}

/**
 * setrlimit in two steps: the buffer now, the call when the returned function runs. For lowering memory
 * limits right before an exec, when the process may no longer be able to map anything new (a JavaScript
 * allocation could then fail): the call itself allocates nothing.
 */
export function prepareSetrlimit(r: RlimitResource, lim: { soft: bigint; hard: bigint }): () => void {
  const l = loadLibc();
  const resource = resourceNumber(r);
  const buf = BigUint64Array.of(BigInt.asUintN(64, lim.soft), BigInt.asUintN(64, lim.hard));
  return () => {
    if ((l.setrlimit(resource, buf) as number) !== 0) throwErrno('setrlimit', lastErrno(l));
  };
}
