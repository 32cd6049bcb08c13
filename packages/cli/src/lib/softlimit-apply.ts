// softlimit.c doit(): for each resource, read the limits and lower (or raise, up to the hard one) the soft
// one. Computed before exec, applied right before it: once the address space or data limit is below what
// Node has mapped, Node can map nothing more (not even for a garbage collection), so the final step only
// calls setrlimit with buffers made in advance, memory limits last.
import { type RlimitResource, getrlimit, prepareSetrlimit } from '@dt/posix';
import { ChainloadError } from './chainload-errors.js';
import { type LimitRequest, softLimitFor } from './softlimit-options.js';

export interface LimitSetting {
  resources: readonly RlimitResource[];
  req: LimitRequest;
}

// Applied last, in this order: the limits that stop Node from mapping memory.
const MEMORY_LAST: readonly RlimitResource[] = ['memlock', 'stack', 'data', 'as'];

/**
 * Read the current limits and work out every resource's new soft limit (a later option wins, as when 0.76
 * sets them one by one); returns the allocation-free step that sets them. Errors are ChainloadError with
 * softlimit's text (getrlimit now, setrlimit when the step runs).
 */
export function prepareSoftLimits(settings: readonly LimitSetting[]): () => void {
  const finals = new Map<RlimitResource, { soft: bigint; hard: bigint }>();
  for (const { resources, req } of settings) {
    for (const r of resources) {
      let cur;
      try {
        cur = getrlimit(r);
      } catch (e) {
        throw new ChainloadError('getrlimit failed', e);
      }
      finals.set(r, { soft: softLimitFor(req, cur), hard: cur.hard });
    }
  }
  const order = [...finals.keys()].sort((a, b) => MEMORY_LAST.indexOf(a) - MEMORY_LAST.indexOf(b));
  const steps = order.map((r) => prepareSetrlimit(r, finals.get(r)!));
  return () => {
    for (let i = 0; i < steps.length; i++) {
      try {
        steps[i]!();
      } catch (e) {
        throw new ChainloadError('setrlimit failed', e);
      }
    }
  };
}
