import { afterAll, describe, expect, it } from '@jest/globals';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { PosixError } from '../src/errors.js';
import { mkfifo } from '../src/fifo.js';
import { tempDir } from './helpers.js';

describe('mkfifo', () => {
  const t = tempDir('fifo');
  afterAll(() => t.cleanup());

  it('creates a FIFO with the mode asked for (under the umask)', () => {
    const old = process.umask(0o022);
    try {
      mkfifo(join(t.dir, 'control'), 0o600);
      mkfifo(join(t.dir, 'wide'), 0o666);
    } finally {
      process.umask(old);
    }
    const st = statSync(join(t.dir, 'control'));
    expect(st.isFIFO()).toBe(true);
    expect(st.mode & 0o7777).toBe(0o600);
    expect(statSync(join(t.dir, 'wide')).mode & 0o7777).toBe(0o644);
  });

  it('throws PosixError EEXIST when the path exists and ENOENT for a missing directory', () => {
    mkfifo(join(t.dir, 'twice'), 0o600);
    expect(() => mkfifo(join(t.dir, 'twice'), 0o600)).toThrow(expect.objectContaining({ code: 'EEXIST', syscall: 'mkfifo' }));
    expect(() => mkfifo(join(t.dir, 'no/such'), 0o600)).toThrow(PosixError);
    expect(() => mkfifo(join(t.dir, 'no/such'), 0o600)).toThrow('mkfifo: file does not exist (ENOENT)');
  });
});
