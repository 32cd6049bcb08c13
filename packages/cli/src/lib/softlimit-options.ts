// softlimit's option table and limit arithmetic (daemontools 0.76 softlimit.c), for Linux: RLIMIT_VMEM does
// not exist and RLIMIT_OFILE is RLIMIT_NOFILE, so each letter sets these resources, in this order.
import type { RlimitResource } from '@dt/posix';

export const SOFTLIMIT_OPTSTRING = 'a:c:d:f:l:m:o:p:r:s:t:';

export const SOFTLIMIT_USAGE =
  'softlimit [-a allbytes] [-c corebytes] [-d databytes] [-f filebytes] [-l lockbytes] [-m membytes] [-o openfiles] [-p processes] [-r residentbytes] [-s stackbytes] [-t cpusecs] child';

export const RESOURCES_BY_OPTION: Readonly<Record<string, readonly RlimitResource[]>> = {
  a: ['as'],
  c: ['core'],
  d: ['data'],
  f: ['fsize'],
  l: ['memlock'],
  m: ['data', 'stack', 'memlock', 'as'],
  o: ['nofile'],
  p: ['nproc'],
  r: ['rss'],
  s: ['stack'],
  t: ['cpu'],
};

/** An option's argument: `=` means "soft = hard", otherwise a number. */
export type LimitRequest = { kind: 'hard' } | { kind: 'value'; value: bigint };

/**
 * Parse softlimit's argument as 0.76 does: exactly `=`, or decimal digits read as scan_ulong does
 * (an unsigned long that wraps modulo 2^64; the empty string is 0). Anything else is a usage error: undefined.
 */
export function parseLimit(arg: string): LimitRequest | undefined {
  if (arg === '=') return { kind: 'hard' };
  if (!/^[0-9]*$/.test(arg)) return undefined;
  return { kind: 'value', value: arg === '' ? 0n : BigInt.asUintN(64, BigInt(arg)) };
}

/** The new soft limit: the hard one for `=`, else the value clamped to the hard limit. */
export function softLimitFor(req: LimitRequest, current: { soft: bigint; hard: bigint }): bigint {
  if (req.kind === 'hard') return current.hard;
  // RLIM_INFINITY is the largest rlim_t, so an infinite hard limit clamps nothing.
  return req.value > current.hard ? current.hard : req.value;
}
