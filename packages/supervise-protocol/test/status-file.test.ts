import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { thrown } from '@dt/test-support';
import { StatusFormatError, StatusReadError, StatusWriteError } from '../src/errors.js';
import { readStatusBytes, readStatusFile, writeStatusFile } from '../src/status-file.js';
import type { ServiceStatus } from '../src/status.js';

const fixture = (name: string) => readFileSync(fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url)));
const UP: ServiceStatus = { stamp: { seconds: 0x400000006b06f0ban, nanoseconds: 0x131a53d4 }, pid: 7802, paused: false, want: 'up' };

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'dt-status-file-'));
  mkdirSync(join(dir, 'supervise'), { mode: 0o700 });
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('writeStatusFile', () => {
  it('writes the 18 bytes the real supervise writes, mode 0644 & ~umask, and leaves no status.new', () => {
    writeStatusFile(dir, UP);
    const path = join(dir, 'supervise', 'status');
    expect(readFileSync(path).equals(fixture('status-up.bin'))).toBe(true);
    expect(statSync(path).mode & 0o777).toBe(0o644 & ~process.umask());
    expect(existsSync(join(dir, 'supervise', 'status.new'))).toBe(false);
  });

  it('replaces the file by rename (a new inode), so a reader never sees a partial record', () => {
    writeStatusFile(dir, UP);
    const before = statSync(join(dir, 'supervise', 'status')).ino;
    writeStatusFile(dir, { ...UP, pid: 0, want: 'down' });
    expect(statSync(join(dir, 'supervise', 'status')).ino).not.toBe(before);
    expect(readStatusFile(dir)).toMatchObject({ pid: 0, want: 'down' });
  });

  it('truncates a longer leftover status.new', () => {
    writeFileSync(join(dir, 'supervise', 'status.new'), Buffer.alloc(100, 1));
    writeStatusFile(dir, UP);
    expect(readFileSync(join(dir, 'supervise', 'status')).length).toBe(18);
  });

  it('throws StatusWriteError step open with supervise\'s text when supervise/ is missing', () => {
    rmSync(join(dir, 'supervise'), { recursive: true });
    const err = thrown(() => writeStatusFile(dir, UP));
    expect(err).toBeInstanceOf(StatusWriteError);
    expect(err).toMatchObject({ step: 'open', errno: 'ENOENT', code: 'DT_ERR_STATUS_WRITE' });
    expect((err as Error).message).toBe(`unable to open ${dir}/supervise/status.new: file does not exist`);
  });

  it('throws StatusWriteError step rename when status is a non-empty directory', () => {
    mkdirSync(join(dir, 'supervise', 'status', 'x'), { recursive: true });
    expect(() => writeStatusFile(dir, UP)).toThrow(
      expect.objectContaining({ step: 'rename', shortMessage: `unable to rename ${dir}/supervise/status.new to status` }),
    );
  });
});

describe('readStatusFile', () => {
  it('reads what the real supervise wrote', () => {
    writeFileSync(join(dir, 'supervise', 'status'), fixture('status-want-down.bin'));
    expect(readStatusFile(dir)).toEqual({
      stamp: { seconds: 0x400000006b06f0cdn, nanoseconds: 0x23b015e4 },
      pid: 7932,
      paused: false,
      want: 'down',
    });
  });

  it('reads a short file as StatusFormatError and a missing one as StatusReadError ENOENT', () => {
    writeFileSync(join(dir, 'supervise', 'status'), Buffer.alloc(17));
    expect(() => readStatusFile(dir)).toThrow(StatusFormatError);
    expect(readStatusBytes(dir).length).toBe(17);
    rmSync(join(dir, 'supervise', 'status'));
    expect(() => readStatusFile(dir)).toThrow(expect.objectContaining({ name: 'StatusReadError', errno: 'ENOENT' }));
  });

  it('reports EISDIR from the read when status is a directory (open succeeds, as in svstat)', () => {
    mkdirSync(join(dir, 'supervise', 'status'));
    expect(() => readStatusBytes(dir)).toThrow(expect.objectContaining({ errno: 'EISDIR' }));
    expect(() => readStatusBytes(dir)).toThrow(StatusReadError);
  });
});
