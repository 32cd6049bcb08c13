// Service directories run by the real /usr/bin/supervise for the dt status and dt wait tests, over the shared
// @dt/test-support: every supervise started here and its service are killed, and every directory removed,
// by cleanup() (afterEach).
import type { ChildProcess } from 'node:child_process';
import { cleanUp, serviceDir as realServiceDir, startSupervise, statusPid, waitFor } from '@dt/test-support';

const SLEEP_RUN = '#!/bin/sh\nexec sleep 1000\n';

/** Kill every supervise started by supervise() and its service; remove every serviceDir(). */
export const cleanup = cleanUp;

/** A temp service directory (name starting with prefix) whose run sleeps, plus `files` (name: text). */
export function serviceDir(prefix: string, files: Record<string, string> = {}): string {
  return realServiceDir(prefix, SLEEP_RUN, files);
}

/** Start the real supervise on dir (not waiting for it). */
export function supervise(dir: string): ChildProcess {
  return startSupervise(dir, 'ignore');
}

/** Wait until the supervise on dir runs its service; returns the service's pid. */
export function serviceStarted(dir: string): Promise<number> {
  return waitFor(`supervise to start ${dir}`, () => statusPid(dir) || undefined, 10_000);
}

/** Start the real supervise on dir and wait until its service runs; returns the service's pid. */
export async function supervised(dir: string): Promise<number> {
  supervise(dir);
  return serviceStarted(dir);
}
