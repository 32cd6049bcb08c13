import { afterAll, describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isExecutableFile } from '../src/executable.js';

const dir = mkdtempSync(join(tmpdir(), 'dt-executable-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('isExecutableFile', () => {
  it('is true for an executable regular file, also through a symlink', () => {
    writeFileSync(join(dir, 'x'), '#!/bin/sh\n', { mode: 0o755 });
    symlinkSync('x', join(dir, 'link'));
    expect(isExecutableFile(join(dir, 'x'))).toBe(true);
    expect(isExecutableFile(join(dir, 'link'))).toBe(true);
  });
  it('is false for a file without any x bit, a directory, and a missing path', () => {
    writeFileSync(join(dir, 'plain'), 'x', { mode: 0o644 });
    mkdirSync(join(dir, 'd'), { mode: 0o755 });
    expect(isExecutableFile(join(dir, 'plain'))).toBe(false);
    expect(isExecutableFile(join(dir, 'd'))).toBe(false);
    expect(isExecutableFile(join(dir, 'missing'))).toBe(false);
  });
});
