import { describe, expect, it } from '@jest/globals';
import { planFds } from '../src/spawn-fds.js';

describe('planFds', () => {
  it('dup2s each source to its slot; dup2(fd, fd) for a slot that keeps its own fd (clears FD_CLOEXEC)', () => {
    expect(planFds([0, 9, 2])).toEqual([
      { op: 'dup2', from: 0, to: 0 },
      { op: 'dup2', from: 9, to: 1 },
      { op: 'dup2', from: 2, to: 2 },
    ]);
  });

  it("opens /dev/null for 'ignore' at 0-2 (read-only at 0), nothing above", () => {
    expect(planFds(['ignore', 'ignore', 'ignore', 'ignore', 12])).toEqual([
      { op: 'open', fd: 0, path: '/dev/null', flags: 0 },
      { op: 'open', fd: 1, path: '/dev/null', flags: 2 },
      { op: 'open', fd: 2, path: '/dev/null', flags: 2 },
      { op: 'dup2', from: 12, to: 4 },
    ]);
  });

  it('moves a source that is also a target slot above the table first, then closes the copy', () => {
    // our fd 1 wanted at 0 and our fd 0 wanted at 1: a plain dup2 sequence would lose one of them
    expect(planFds([1, 0, 2])).toEqual([
      { op: 'dup2', from: 1, to: 3 },
      { op: 'dup2', from: 0, to: 4 },
      { op: 'dup2', from: 3, to: 0 },
      { op: 'dup2', from: 4, to: 1 },
      { op: 'dup2', from: 2, to: 2 },
      { op: 'close', fd: 3 },
      { op: 'close', fd: 4 },
    ]);
  });

  it('never picks a temporary that is a source still to be used', () => {
    // slots 3 and 4 swap our fds 3 and 4: both are moved above the table first (7 and 8), not onto 6
    expect(planFds([0, 1, 2, 4, 3, 'ignore', 6, 'ignore'])).toEqual([
      { op: 'dup2', from: 4, to: 8 },
      { op: 'dup2', from: 3, to: 9 },
      { op: 'dup2', from: 0, to: 0 },
      { op: 'dup2', from: 1, to: 1 },
      { op: 'dup2', from: 2, to: 2 },
      { op: 'dup2', from: 8, to: 3 },
      { op: 'dup2', from: 9, to: 4 },
      { op: 'dup2', from: 6, to: 6 },
      { op: 'close', fd: 8 },
      { op: 'close', fd: 9 },
    ]);
    // a source above the table is skipped over when picking a temporary
    expect(planFds([1, 0, 2, 9]).slice(0, 2)).toEqual([
      { op: 'dup2', from: 1, to: 4 },
      { op: 'dup2', from: 0, to: 5 },
    ]);
    expect(planFds([1, 4, 2, 0])[0]).toEqual({ op: 'dup2', from: 1, to: 5 });
  });
});
