import { describe, expect, it } from '@jest/globals';
import { mkdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDirs } from '@dt/test-support';
import { detectLog, scanDirectory } from '../src/scan.js';

const root = tempDirs('dt-scan-');

describe('scanDirectory', () => {
  it('keeps directories and links to them, skips dot names and files, keys by the target (dev, ino)', () => {
    const r = root();
    mkdirSync(join(r, 'a'));
    mkdirSync(join(r, '.hidden'));
    writeFileSync(join(r, 'file'), '');
    symlinkSync(join(r, 'a'), join(r, 'a-link'));
    const pass = scanDirectory(r);
    expect(pass.complete).toBe(true);
    expect(pass.warnings).toEqual([]);
    const st = statSync(join(r, 'a'), { bigint: true });
    expect(pass.items.sort((x, y) => x.name.localeCompare(y.name))).toEqual([
      { name: 'a', key: `${st.dev}:${st.ino}` },
      { name: 'a-link', key: `${st.dev}:${st.ino}` },
    ]);
  });

  it('warns about a name it cannot stat, in 0.76 words, and goes on', () => {
    const r = root();
    mkdirSync(join(r, 'ok'));
    symlinkSync(join(r, 'nowhere'), join(r, 'dangling'));
    symlinkSync('loop', join(r, 'loop'));
    const pass = scanDirectory(r);
    expect(pass.items.map((i) => i.name)).toEqual(['ok']);
    expect(pass.warnings.sort()).toEqual([
      'unable to stat dangling: file does not exist',
      'unable to stat loop: symbolic link loop',
    ]);
  });

  it('reports an unreadable directory as incomplete (no pruning), as svscan.c returns early', () => {
    const pass = scanDirectory(join(root(), 'missing'));
    expect(pass).toEqual({ items: [], warnings: ['unable to read directory: file does not exist'], complete: false });
  });
});

describe('detectLog', () => {
  it('counts any file named log, not only a directory (0.76 stats it)', () => {
    const r = root();
    mkdirSync(join(r, 'd', 'log'), { recursive: true });
    mkdirSync(join(r, 'f'));
    writeFileSync(join(r, 'f', 'log'), '');
    mkdirSync(join(r, 'none'));
    expect(detectLog(r, 'd')).toEqual({ hasLog: true });
    expect(detectLog(r, 'f')).toEqual({ hasLog: true });
    expect(detectLog(r, 'none')).toEqual({ hasLog: false });
  });

  it('warns on any error but ENOENT', () => {
    const r = root();
    mkdirSync(join(r, 's'));
    symlinkSync('log', join(r, 's', 'log'));
    expect(detectLog(r, 's')).toEqual({ warning: 'unable to stat s/log: symbolic link loop' });
  });
});
