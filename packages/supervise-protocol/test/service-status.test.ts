import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readServiceStatus, readServiceStatusSync } from '../src/service-status.js';
import { FakeSupervise, makeTempDir, mkfifo } from './helpers.js';

const fixture = (name: string) => readFileSync(fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url)));
const at = (seconds: bigint) => () => ({ seconds, nanoseconds: 500 });
const STAMP_UP = 0x400000006b06f0ban; // seconds in status-up.bin

let root: string;
let sv: FakeSupervise;
beforeEach(() => {
  root = makeTempDir('dt-svstat-');
  sv = new FakeSupervise(join(root, 's')).hold();
});
afterEach(() => {
  sv.remove();
  rmSync(root, { recursive: true, force: true });
});
const put = (bytes: Uint8Array) => writeFileSync(join(sv.dir, 'supervise', 'status'), bytes);

describe('readServiceStatus', () => {
  it('reports up with pid, seconds since the stamp, want and normally-up', async () => {
    put(fixture('status-up.bin'));
    const r = await readServiceStatus(sv.dir, at(STAMP_UP + 42n));
    expect(r).toMatchObject({ state: 'up', pid: 7802, seconds: 42n, paused: false, want: 'up', normallyUp: true });
  });

  it('reads normally down from the down file (any kind of file, even a dangling symlink is "up")', async () => {
    put(fixture('status-want-down.bin'));
    writeFileSync(join(sv.dir, 'down'), '');
    expect(readServiceStatusSync(sv.dir)).toMatchObject({ state: 'up', normallyUp: false, want: 'down' });
    rmSync(join(sv.dir, 'down'));
    symlinkSync('nowhere', join(sv.dir, 'down'));
    expect(readServiceStatusSync(sv.dir)).toMatchObject({ normallyUp: true });
    rmSync(join(sv.dir, 'down'));
    symlinkSync('run', join(sv.dir, 'down'));
    writeFileSync(join(sv.dir, 'run'), '');
    expect(readServiceStatusSync(sv.dir)).toMatchObject({ normallyUp: false });
    rmSync(join(sv.dir, 'down'));
    symlinkSync('down', join(sv.dir, 'down'));
    expect(readServiceStatusSync(sv.dir)).toMatchObject({ state: 'error', step: 'stat-down', errno: 'ELOOP' });
  });

  it('clamps a stamp in the future to 0 seconds', () => {
    put(fixture('status-down.bin'));
    expect(readServiceStatusSync(sv.dir, at(1n))).toMatchObject({ state: 'down', seconds: 0n, want: 'down' });
  });

  it('rounds ages above 2^53 through a double, as svstat', () => {
    const b = Buffer.alloc(18);
    put(b);
    const r = readServiceStatusSync(sv.dir, at(2n ** 62n + 3n));
    expect(r).toMatchObject({ state: 'down', seconds: 2n ** 62n });
  });

  it('says not-running when ok has no reader', () => {
    sv.release();
    expect(readServiceStatusSync(sv.dir)).toEqual({ state: 'not-running', normallyUp: true });
  });

  it('returns each failure as a value with its step and errno', () => {
    const e = (step: string, errno: string | undefined) => expect.objectContaining({ state: 'error', step, errno });
    expect(readServiceStatusSync(join(root, 'missing'))).toEqual(e('chdir', 'ENOENT'));
    writeFileSync(join(root, 'file'), '');
    expect(readServiceStatusSync(join(root, 'file'))).toEqual(e('chdir', 'ENOTDIR'));
    expect(readServiceStatusSync(join(root, 'file'))).toMatchObject({ errnoNumber: 20 });
    mkdirSync(join(root, 'never'));
    expect(readServiceStatusSync(join(root, 'never'))).toEqual(e('open-ok', 'ENOENT'));
    expect(readServiceStatusSync(sv.dir)).toEqual(e('open-status', 'ENOENT'));
    put(Buffer.alloc(17));
    expect(readServiceStatusSync(sv.dir)).toEqual(e('read-status', undefined));
    put(Buffer.alloc(0));
    expect(readServiceStatusSync(sv.dir)).toEqual(e('read-status', undefined));
    rmSync(join(sv.dir, 'supervise', 'status'));
    mkdirSync(join(sv.dir, 'supervise', 'status'));
    expect(readServiceStatusSync(sv.dir)).toEqual(e('read-status', 'EISDIR'));
  });

  it('on a failed read() shows what 0.76 svstat shows: the bytes its buffer still holds', () => {
    mkdirSync(join(sv.dir, 'supervise', 'status'));
    const zeros = readServiceStatusSync(sv.dir, at(2n ** 62n + 10n));
    expect(zeros).toMatchObject({ state: 'error', step: 'read-status', errno: 'EISDIR' });
    expect(zeros).toMatchObject({ svstatShows: { state: 'down', pid: 0, seconds: 2n ** 62n /* 2^62+10 through a double */, normallyUp: true } });
    const held = Buffer.from(fixture('status-want-down.bin'));
    const carried = readServiceStatusSync(sv.dir, { held, now: at(0x400000006b06f0cdn + 7n) });
    expect(carried).toMatchObject({ svstatShows: { state: 'up', pid: 7932, seconds: 7n, want: 'down' } });
  });

  it('overwrites the held buffer with the bytes it reads, even a short read', () => {
    const held = Buffer.alloc(18, 0xee);
    put(Buffer.from('abc'));
    expect(readServiceStatusSync(sv.dir, { held })).toMatchObject({ step: 'read-status', errno: undefined });
    expect(held.subarray(0, 4).toString('latin1')).toBe('abc\xee');
  });

  it('reads a status FIFO without a writer as bad format (read returns 0), never blocking', () => {
    mkfifo(join(sv.dir, 'supervise', 'status'));
    expect(readServiceStatusSync(sv.dir)).toMatchObject({ state: 'error', step: 'read-status', errno: undefined });
  });

  it('reports stat-down failures other than ENOENT', () => {
    put(fixture('status-up.bin'));
    writeFileSync(join(root, 'plain'), '');
    symlinkSync(join(root, 'plain', 'x'), join(sv.dir, 'down'));
    expect(readServiceStatusSync(sv.dir)).toMatchObject({ state: 'error', step: 'stat-down', errno: 'ENOTDIR' });
  });
});
