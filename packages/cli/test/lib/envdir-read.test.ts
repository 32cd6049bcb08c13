import { afterAll, describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ChainloadError } from '../../src/lib/chainload-errors.js';
import { EnvdirBuffer, readEnvDir } from '../../src/lib/envdir-read.js';

describe('EnvdirBuffer (envdir.c value processing)', () => {
  const value = (bytes: string | Buffer, buf = new EnvdirBuffer()) => {
    const b = Buffer.from(bytes);
    (buf as unknown as { bytes: Buffer }).bytes = Buffer.concat([b, Buffer.alloc(256)]);
    buf.len = b.length;
    return buf.take()?.toString('latin1');
  };

  it('keeps the first line, strips trailing blanks, turns NUL into newline; 0 bytes removes', () => {
    expect(value('v\nsecond\n')).toBe('v');
    expect(value('v \t \t\n')).toBe('v');
    expect(value('  v')).toBe('  v');
    expect(value('\n')).toBe('');
    expect(value('a\0b\n')).toBe('a\nb');
    expect(value('dos\r\n')).toBe('dos\r');
    expect(value('')).toBeUndefined();
  });

  it('processed again without a read (ENOENT), gives the previous value plus a newline', () => {
    const buf = new EnvdirBuffer();
    expect(value('prev \n', buf)).toBe('prev');
    expect(buf.take()?.toString()).toBe('prev\n');
    expect(buf.take()?.toString()).toBe('prev');
  });
});

describe('readEnvDir', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dt-envdir-read-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads every non-dot entry as a change', () => {
    const d = join(dir, 'ok');
    mkdirSync(d);
    writeFileSync(join(d, 'A'), 'a\n');
    writeFileSync(join(d, 'GONE'), '');
    writeFileSync(join(d, '.dot'), 'x\n');
    expect(new Map(readEnvDir(d).map(([k, v]) => [String(k), v === undefined ? undefined : String(v)]))).toEqual(
      new Map<string, string | undefined>([
        ['A', 'a'],
        ['GONE', undefined],
      ]),
    );
    expect(process.cwd()).not.toBe(d);
  });

  it('a dangling symlink as the only entry removes the variable', () => {
    const d = join(dir, 'dangling');
    mkdirSync(d);
    symlinkSync(join(dir, 'nowhere'), join(d, 'L'));
    expect(readEnvDir(d)).toEqual([[Buffer.from('L'), undefined]]);
  });

  it('throws ChainloadError with daemontools\' text', () => {
    const cwd = process.cwd();
    expect(() => readEnvDir(join(dir, 'missing'))).toThrow(ChainloadError);
    expect(() => readEnvDir(join(dir, 'missing'))).toThrow(`unable to switch to directory ${join(dir, 'missing')}`);
    const d = join(dir, 'sub');
    mkdirSync(join(d, 'inner'), { recursive: true });
    expect(() => readEnvDir(d)).toThrow(`unable to read ${d}/inner`);
    try {
      readEnvDir(d);
    } catch (e) {
      expect((e as ChainloadError).cause).toMatchObject({ code: 'EISDIR' });
    }
    expect(process.cwd()).toBe(cwd);
  });
});
