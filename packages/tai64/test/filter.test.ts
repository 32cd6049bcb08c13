import { afterEach, describe, expect, it } from '@jest/globals';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Tai64IoError } from '../src/errors.js';
import { runFilter } from '../src/filter.js';
import { LineStamper } from '../src/stamper.js';

const dirs: string[] = [];
const fds: number[] = [];
afterEach(() => {
  for (const fd of fds.splice(0)) closeSync(fd);
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'dt-tai64-filter-'));
  dirs.push(d);
  return d;
}
function open(path: string, flags: string): number {
  const fd = openSync(path, flags);
  fds.push(fd);
  return fd;
}

describe('runFilter', () => {
  it('copies input to output through the transform, across many small reads', async () => {
    const d = tempDir();
    const input = 'one\ntwo\n'.repeat(1000) + 'partial';
    writeFileSync(join(d, 'in'), input);
    const inFd = open(join(d, 'in'), 'r');
    const outFd = open(join(d, 'out'), 'w');
    await runFilter(new LineStamper({ clock: () => 1795607669266413 }), { inFd, outFd, readSize: 7 });
    const expected = input.replace(/^(?=.)/gm, '@400000006b06cc7f0fe125bc ');
    expect(readFileSync(join(d, 'out'), 'latin1')).toBe(expected);
  });

  it('rejects with Tai64IoError on a read error (EISDIR)', async () => {
    const inFd = open(tempDir(), 'r');
    const outFd = open('/dev/null', 'w');
    await expect(runFilter(new LineStamper(), { inFd, outFd })).rejects.toBeInstanceOf(Tai64IoError);
  });

  it('rejects with Tai64IoError on a write error (ENOSPC on /dev/full)', async () => {
    const d = tempDir();
    writeFileSync(join(d, 'in'), 'x\n');
    const inFd = open(join(d, 'in'), 'r');
    const outFd = open('/dev/full', 'w');
    const err = await runFilter(new LineStamper(), { inFd, outFd }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Tai64IoError);
    expect((err as Tai64IoError).code).toBe('DT_ERR_TAI64_IO');
  });
});
