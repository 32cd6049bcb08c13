import { afterAll, afterEach, describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { PosixError } from '../src/errors.js';
import { flock } from '../src/flock.js';
import { requireTool, tempDir } from './helpers.js';

const FLOCK = requireTool('/usr/bin/flock');

/** util-linux `flock -n FILE true`: 0 when it could take the lock, 1 when someone holds it. */
function heldFromOutside(file: string): boolean {
  const r = spawnSync(FLOCK, ['-n', file, 'true']);
  if (r.status !== 0 && r.status !== 1) throw new Error(`flock -n exited ${r.status}: ${r.stderr}`);
  return r.status === 1;
}

describe('flock', () => {
  const t = tempDir('flock');
  const fds: number[] = [];
  const open = (name: string) => {
    const fd = openSync(join(t.dir, name), 'a');
    fds.push(fd);
    return fd;
  };
  afterEach(() => {
    for (const fd of fds.splice(0)) closeSync(fd);
  });
  afterAll(() => t.cleanup());

  it('takes an exclusive lock util-linux flock sees as held, and releases it on unlock', () => {
    const fd = open('lock');
    const file = join(t.dir, 'lock');
    expect(heldFromOutside(file)).toBe(false);
    expect(flock(fd, 'exclusive')).toBe(true);
    expect(heldFromOutside(file)).toBe(true);
    expect(flock(fd, 'unlock')).toBe(true);
    expect(heldFromOutside(file)).toBe(false);
  });

  it('with wait:false returns false while another open file description holds the lock', () => {
    const a = open('nb');
    const b = open('nb');
    expect(flock(a, 'exclusive', { wait: false })).toBe(true);
    expect(flock(b, 'exclusive', { wait: false })).toBe(false);
    expect(flock(b, 'shared', { wait: false })).toBe(false);
    flock(a, 'unlock');
    expect(flock(b, 'exclusive', { wait: false })).toBe(true);
  });

  it('shares shared locks, which an outside exclusive locker sees as held', () => {
    const a = open('sh');
    const b = open('sh');
    expect(flock(a, 'shared')).toBe(true);
    expect(flock(b, 'shared', { wait: false })).toBe(true);
    expect(heldFromOutside(join(t.dir, 'sh'))).toBe(true);
  });

  it('throws PosixError EBADF on a closed fd', () => {
    const fd = open('bad');
    fds.pop();
    closeSync(fd);
    expect(() => flock(fd, 'exclusive')).toThrow(PosixError);
    try {
      flock(fd, 'exclusive');
    } catch (e) {
      expect(e).toMatchObject({ code: 'EBADF', errno: 9, syscall: 'flock' });
      expect((e as Error).message).toBe('flock: file descriptor not open (EBADF)');
    }
  });
});
