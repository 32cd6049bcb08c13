import { describe, expect, it } from '@jest/globals';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeAllSync } from '../src/write-all.js';

describe('writeAllSync', () => {
  it('writes every byte of a buffer and of a string', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dt-write-all-'));
    try {
      const fd = openSync(join(dir, 'f'), 'w');
      writeAllSync(fd, Buffer.alloc(200_000, 0x61));
      writeAllSync(fd, 'é\n');
      closeSync(fd);
      const got = readFileSync(join(dir, 'f'));
      expect(got.length).toBe(200_003);
      expect(got.subarray(200_000).toString()).toBe('é\n');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  it('throws errors other than EAGAIN and EINTR (an fd open for reading only)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dt-write-all-'));
    try {
      closeSync(openSync(join(dir, 'f'), 'w'));
      const fd = openSync(join(dir, 'f'), 'r');
      try {
        expect(() => writeAllSync(fd, 'x')).toThrow(expect.objectContaining({ code: 'EBADF' }));
      } finally {
        closeSync(fd);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
