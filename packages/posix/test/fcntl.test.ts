import { describe, expect, it } from '@jest/globals';
import { closeSync, readSync, writeSync } from 'node:fs';
import { dup2, getFdFlags, setCloexec, setNonBlocking } from '../src/fcntl.js';
import { pipe2 } from '../src/pipe.js';

describe('fd flags', () => {
  it('sets and clears FD_CLOEXEC and O_NONBLOCK independently', () => {
    const [r, w] = pipe2();
    try {
      setCloexec(r, true);
      expect(getFdFlags(r)).toEqual({ cloexec: true, nonblock: false });
      setNonBlocking(r, true);
      expect(getFdFlags(r)).toEqual({ cloexec: true, nonblock: true });
      setCloexec(r, false);
      expect(getFdFlags(r)).toEqual({ cloexec: false, nonblock: true });
      setNonBlocking(r, false);
      expect(getFdFlags(r)).toEqual({ cloexec: false, nonblock: false });
      expect(getFdFlags(w)).toEqual({ cloexec: false, nonblock: false });
    } finally {
      closeSync(r);
      closeSync(w);
    }
  });

  it('throws PosixError EBADF on a closed fd', () => {
    const [r, w] = pipe2();
    closeSync(r);
    closeSync(w);
    expect(() => getFdFlags(r)).toThrow(expect.objectContaining({ name: 'PosixError', code: 'EBADF', syscall: 'fcntl' }));
    expect(() => setCloexec(r, true)).toThrow(expect.objectContaining({ code: 'EBADF' }));
  });
});

describe('dup2', () => {
  it('makes newFd another name for the same pipe, without FD_CLOEXEC', () => {
    const [r, w] = pipe2({ cloexec: true });
    const [r2, w2] = pipe2({ cloexec: true });
    try {
      dup2(w, w2);
      expect(getFdFlags(w2).cloexec).toBe(false);
      writeSync(w2, 'x');
      const buf = Buffer.alloc(1);
      expect(readSync(r, buf)).toBe(1);
      expect(buf.toString()).toBe('x');
      expect(() => dup2(9999, w2)).toThrow(expect.objectContaining({ code: 'EBADF', syscall: 'dup2' }));
    } finally {
      for (const fd of [r, w, r2, w2]) closeSync(fd);
    }
  });
});
