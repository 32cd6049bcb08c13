// softlimit.c doit(): for each resource, read the limits and lower (or raise, up to the hard one) the soft one.
import { type RlimitResource, getrlimit, setrlimit } from '@dt/posix';
import { ChainloadError } from './chainload-errors.js';
import { type LimitRequest, softLimitFor } from './softlimit-options.js';

export interface LimitSetting {
  resources: readonly RlimitResource[];
  req: LimitRequest;
}

/** Apply the settings in order (a later option wins); errors are ChainloadError with softlimit's text. */
export function applySoftLimits(settings: readonly LimitSetting[]): void {
  for (const { resources, req } of settings) {
    for (const r of resources) {
      let cur;
      try {
        cur = getrlimit(r);
      } catch (e) {
        throw new ChainloadError('getrlimit failed', e);
      }
      try {
        setrlimit(r, { soft: softLimitFor(req, cur), hard: cur.hard });
      } catch (e) {
        throw new ChainloadError('setrlimit failed', e);
      }
    }
  }
}
