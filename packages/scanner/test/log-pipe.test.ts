import { describe, expect, it } from '@jest/globals';
import { readSync, writeSync } from 'node:fs';
import { getFdFlags } from '@dt/posix';
import { LogPipe } from '../src/log-pipe.js';

describe('LogPipe', () => {
  it('is a real blocking pipe, both ends close-on-exec, that gives EOF only once the write end is closed', () => {
    const p = new LogPipe();
    try {
      for (const fd of [p.readFd, p.writeFd]) expect(getFdFlags(fd)).toEqual({ cloexec: true, nonblock: false });
      writeSync(p.writeFd, 'line 1\nline 2\n');
      p.closeWrite();
      expect(p.writeFd).toBe(-1);
      const buf = Buffer.alloc(64);
      const n = readSync(p.readFd, buf);
      expect(buf.subarray(0, n).toString()).toBe('line 1\nline 2\n');
      expect(readSync(p.readFd, buf)).toBe(0);
    } finally {
      p.close();
    }
    expect([p.readFd, p.writeFd]).toEqual([-1, -1]);
  });
});
