import { describe, expect, it } from '@jest/globals';
import {
  controlPathOf,
  downPathOf,
  lockPathOf,
  okPathOf,
  statusNewPathOf,
  statusPathOf,
  superviseDirOf,
} from '../src/paths.js';

describe('paths', () => {
  it('name the files of a service directory', () => {
    expect(superviseDirOf('/service/x')).toBe('/service/x/supervise');
    expect(statusPathOf('/service/x')).toBe('/service/x/supervise/status');
    expect(statusNewPathOf('x')).toBe('x/supervise/status.new');
    expect(controlPathOf('x')).toBe('x/supervise/control');
    expect(okPathOf('x')).toBe('x/supervise/ok');
    expect(lockPathOf('x')).toBe('x/supervise/lock');
    expect(downPathOf('x')).toBe('x/down');
  });

  it('never normalize (the kernel resolves a/../b through symlinks, as chdir does)', () => {
    expect(statusPathOf('a/../b')).toBe('a/../b/supervise/status');
    expect(okPathOf('x/')).toBe('x/supervise/ok');
    expect(okPathOf('/')).toBe('/supervise/ok');
  });
});
