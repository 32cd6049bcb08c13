// svok (daemontools 0.76 svok.c): supervise holds supervise/ok open for reading for as long as it runs, so
// a non-blocking write-only open succeeds exactly while it runs. No pid files anywhere.
import { closeSync, constants, openSync } from 'node:fs';
import { errnoCode } from '@dt/posix';
import { OkOpenError } from './errors.js';
import { okPathOf } from './paths.js';
import { assertServiceDir } from './service-dir.js';

/** What opening supervise/ok says: 'running', 'not-running' (ENXIO), or the errno of any other failure. */
export type OkProbe = { state: 'running' } | { state: 'not-running' } | { state: 'error'; error: unknown };

/** Open DIR/supervise/ok as svok and svstat do (O_WRONLY|O_NONBLOCK), close it, and say what happened. */
export function probeOk(dir: string): OkProbe {
  try {
    closeSync(openSync(okPathOf(dir), constants.O_WRONLY | constants.O_NONBLOCK));
    return { state: 'running' };
  } catch (e) {
    return errnoCode(e) === 'ENXIO' ? { state: 'not-running' } : { state: 'error', error: e };
  }
}

/**
 * svok as a function: true when a supervise is running in `dir`; false when it is not (ENXIO) or never
 * ran there (no supervise/ok: ENOENT). Rejects with ServiceDirError (`unable to chdir to DIR`) or
 * OkOpenError (`unable to open DIR/supervise/ok`) for anything else, the errno in `cause`.
 */
export async function isSupervised(dir: string): Promise<boolean> {
  assertServiceDir(dir);
  const probe = probeOk(dir);
  if (probe.state === 'running') return true;
  if (probe.state === 'not-running' || errnoCode(probe.error) === 'ENOENT') return false;
  throw new OkOpenError(`unable to open ${dir}/supervise/ok`, { cause: probe.error });
}
