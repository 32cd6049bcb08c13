import { afterAll, describe, expect, it } from '@jest/globals';
import { closeSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getFdFlags } from '@dt/posix';
import { openAndLock } from '../../src/lib/setlock-lock.js';

describe('openAndLock (setlock.c open_append + flock)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dt-setlock-lock-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('creates the file 0600 (under the umask), keeps its content, and opens it non-blocking for append', () => {
    const file = join(dir, 'lock');
    const r = openAndLock(file, true);
    if (!r.ok) throw new Error(`openAndLock failed: ${String(r.cause)}`);
    expect(statSync(file).mode & 0o777).toBe(0o600 & ~process.umask());
    expect(getFdFlags(r.fd).nonblock).toBe(true);
    closeSync(r.fd);
    writeFileSync(file, 'kept');
    const again = openAndLock(file, true);
    if (again.ok) closeSync(again.fd);
    expect(readFileSync(file, 'utf8')).toBe('kept');
  });

  it('without waiting, a lock held by another open file description is EAGAIN at the lock step', () => {
    const file = join(dir, 'held');
    const first = openAndLock(file, true);
    if (!first.ok) throw new Error('first lock failed');
    try {
      expect(openAndLock(file, false)).toEqual({ ok: false, step: 'lock', cause: 'EAGAIN' });
    } finally {
      closeSync(first.fd);
    }
  });

  it('a file in a missing directory fails at the open step with ENOENT', () => {
    const r = openAndLock(join(dir, 'no', 'such'), true);
    expect(r).toMatchObject({ ok: false, step: 'open', cause: { code: 'ENOENT' } });
  });
});
