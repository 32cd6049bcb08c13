import { afterAll, describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveProgram } from '../../src/lib/fghack-resolve.js';

describe('resolveProgram (pathexec_run lookup for a spawned child)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dt-fghack-resolve-'));
  const noexec = join(dir, 'noexec');
  const good = join(dir, 'good');
  const isdir = join(dir, 'isdir');
  mkdirSync(noexec);
  mkdirSync(good);
  mkdirSync(join(isdir, 'prog'), { recursive: true });
  writeFileSync(join(noexec, 'prog'), '', { mode: 0o644 });
  writeFileSync(join(good, 'prog'), '#!/bin/sh\n', { mode: 0o755 });
  writeFileSync(join(dir, 'file'), '');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('finds the first executable on PATH, past unexecutable ones and directories', () => {
    expect(resolveProgram('prog', `${noexec}:${isdir}:${good}`)).toEqual({ ok: true, path: join(good, 'prog') });
  });

  it('prefers access denied over file does not exist', () => {
    expect(resolveProgram('prog', `${noexec}:${dir}`)).toEqual({ ok: false, code: 'EACCES' });
    expect(resolveProgram('prog', `${dir}:${isdir}`)).toEqual({ ok: false, code: 'EACCES' });
    expect(resolveProgram('nothing', `${dir}:${good}`)).toEqual({ ok: false, code: 'ENOENT' });
  });

  it('stops at any other error, and takes a name with a slash as is', () => {
    expect(resolveProgram('prog', `${join(dir, 'file')}:${good}`)).toEqual({ ok: false, code: 'ENOTDIR' });
    expect(resolveProgram(join(good, 'prog'), '')).toEqual({ ok: true, path: join(good, 'prog') });
    expect(resolveProgram('sh', undefined)).toEqual({ ok: true, path: '/bin/sh' });
  });
});
