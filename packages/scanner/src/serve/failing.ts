// Crash-loop state as the supervisor records it in supervise/dt-status.json. The field is named here and
// only here: when the sidecar codec (@dt/supervise-protocol) learns it, this file becomes one import.
import { readFileSync } from 'node:fs';
import { sidecarPathOf } from '@dt/supervise-protocol';

/** The sidecar key that says the supervisor gave up restarting quickly (a crash loop). */
export const SIDECAR_FAILING_FIELD = 'failing';

/** True when dt-status.json says so for this pid; false when absent, unreadable, stale or foreign. */
export function readFailing(dir: string, pid: number | null): boolean {
  try {
    const o = JSON.parse(readFileSync(sidecarPathOf(dir), 'utf8')) as Record<string, unknown>;
    if (pid !== null && typeof o.pid === 'number' && o.pid !== pid) return false;
    return o[SIDECAR_FAILING_FIELD] === true;
  } catch {
    return false;
  }
}
