import { afterEach, describe, expect, it } from '@jest/globals';
import { closeSync, mkdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { SUPERVISE_ERROR_CODES, SuperviseError } from '../src/errors.js';
import { acquireLock, checkServiceDir, isNormallyDown, makeSuperviseDir } from '../src/service-dir.js';
import { makeService, removeTree } from './supervisor-helpers.js';

const roots: string[] = [];
const fds: number[] = [];
afterEach(() => {
  for (const fd of fds.splice(0)) closeSync(fd);
  for (const r of roots.splice(0)) removeTree(r);
});

function dir(): string {
  const { root, dir: d } = makeService(undefined);
  roots.push(root);
  return d;
}

function thrown(fn: () => unknown): SuperviseError {
  try {
    fn();
  } catch (e) {
    return e as SuperviseError;
  }
  throw new Error('did not throw');
}

describe('checkServiceDir (chdir)', () => {
  it('accepts a directory; a missing path or a file fails as 0.76', () => {
    const d = dir();
    expect(() => checkServiceDir(d)).not.toThrow();
    const missing = thrown(() => checkServiceDir(join(d, 'nope')));
    expect(missing).toBeInstanceOf(SuperviseError);
    expect(missing.code).toBe(SUPERVISE_ERROR_CODES.chdir);
    expect(missing.message).toBe(`unable to chdir to ${d}/nope: file does not exist`);
    writeFileSync(join(d, 'file'), '');
    expect(thrown(() => checkServiceDir(join(d, 'file'))).message).toBe(`unable to chdir to ${d}/file: not a directory`);
  });
});

describe('isNormallyDown', () => {
  it('is true when down exists (any type), false when absent', () => {
    const d = dir();
    expect(isNormallyDown(d)).toBe(false);
    mkdirSync(join(d, 'down'));
    expect(isNormallyDown(d)).toBe(true);
  });

  it('a down path that cannot be stat()ed is fatal', () => {
    const d = dir();
    symlinkSync('down', join(d, 'down')); // a loop: ELOOP
    const e = thrown(() => isNormallyDown(d));
    expect(e.code).toBe(SUPERVISE_ERROR_CODES.statDown);
    expect(e.message).toBe(`unable to stat ${d}/down: symbolic link loop`);
  });
});

describe('makeSuperviseDir', () => {
  it('creates supervise 0700 and leaves an existing one alone', () => {
    const d = dir();
    makeSuperviseDir(d);
    expect(statSync(join(d, 'supervise')).mode & 0o7777).toBe(0o700 & ~process.umask());
    makeSuperviseDir(d);
    expect(statSync(join(d, 'supervise')).isDirectory()).toBe(true);
  });

  it('creates the target of a dangling symlink, absolute or relative (Debian patch 0002)', () => {
    const d = dir();
    const abs = join(d, '..', 'abs-target');
    symlinkSync(abs, join(d, 'supervise'));
    makeSuperviseDir(d);
    expect(statSync(abs).isDirectory()).toBe(true);
  });
});

describe('acquireLock', () => {
  it('holds an flock that a second open file description cannot take', () => {
    const d = dir();
    makeSuperviseDir(d);
    const fd = acquireLock(d);
    fds.push(fd);
    expect(statSync(join(d, 'supervise', 'lock')).mode & 0o777).toBe(0o600 & ~process.umask());
    const e = thrown(() => acquireLock(d));
    expect(e.code).toBe(SUPERVISE_ERROR_CODES.lock);
    expect(e.message).toBe(`unable to acquire ${d}/supervise/lock: temporary failure`);
  });

  it('is the lock util-linux flock(1) sees', async () => {
    const d = dir();
    makeSuperviseDir(d);
    fds.push(acquireLock(d));
    const r = spawn('/usr/bin/flock', ['-n', join(d, 'supervise', 'lock'), 'true']);
    const code = await new Promise<number | null>((resolve) => r.once('exit', resolve));
    expect(code).toBe(1);
  });

  it('fails with the errno when supervise/ is missing', () => {
    const d = dir();
    expect(thrown(() => acquireLock(d)).message).toBe(`unable to acquire ${d}/supervise/lock: file does not exist`);
  });
});

