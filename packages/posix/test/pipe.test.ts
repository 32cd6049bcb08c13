import { describe, expect, it } from '@jest/globals';
import { closeSync, readSync, statSync, writeSync } from 'node:fs';
import { getFdFlags } from '../src/fcntl.js';
import { pipe2 } from '../src/pipe.js';

describe('pipe2', () => {
  it('makes a real FIFO-type pipe that carries bytes', () => {
    const [r, w] = pipe2();
    try {
      expect(statSync(`/proc/self/fd/${r}`).isFIFO()).toBe(true);
      expect(writeSync(w, 'abc')).toBe(3);
      const buf = Buffer.alloc(8);
      expect(buf.subarray(0, readSync(r, buf)).toString()).toBe('abc');
    } finally {
      closeSync(r);
      closeSync(w);
    }
  });

  it('applies no flags by default and exactly the ones asked for', () => {
    const cases = [
      [{}, { cloexec: false, nonblock: false }],
      [{ cloexec: true }, { cloexec: true, nonblock: false }],
      [{ nonblock: true }, { cloexec: false, nonblock: true }],
      [{ cloexec: true, nonblock: true }, { cloexec: true, nonblock: true }],
    ] as const;
    for (const [opts, want] of cases) {
      const fds = pipe2(opts);
      try {
        for (const fd of fds) expect(getFdFlags(fd)).toEqual(want);
      } finally {
        for (const fd of fds) closeSync(fd);
      }
    }
  });

  it('a nonblocking empty read end reports EAGAIN', () => {
    const [r, w] = pipe2({ nonblock: true });
    try {
      expect(() => readSync(r, Buffer.alloc(1))).toThrow(expect.objectContaining({ code: 'EAGAIN' }));
    } finally {
      closeSync(r);
      closeSync(w);
    }
  });
});
