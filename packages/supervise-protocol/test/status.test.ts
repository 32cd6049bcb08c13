import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { StatusFormatError } from '../src/errors.js';
import { decodeStatus, encodeStatus, STATUS_SIZE, type ServiceStatus } from '../src/status.js';

const fixture = (name: string) => readFileSync(fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url)));
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex').replace(/(..)/g, '$1 ').trim();

// Expected values read off the hex dumps of the files (see fixtures/PROVENANCE.md).
const GOLDEN: Array<[string, ServiceStatus]> = [
  ['status-up.bin', { stamp: { seconds: 0x400000006b06f0ban, nanoseconds: 0x131a53d4 }, pid: 7802, paused: false, want: 'up' }],
  ['status-paused.bin', { stamp: { seconds: 0x400000006b06f0ban, nanoseconds: 0x131a53d4 }, pid: 7802, paused: true, want: 'up' }],
  ['status-once.bin', { stamp: { seconds: 0x400000006b06f0ban, nanoseconds: 0x131a53d4 }, pid: 7802, paused: false, want: 'once' }],
  ['status-down.bin', { stamp: { seconds: 0x400000006b06f0bdn, nanoseconds: 0x321b6a5c }, pid: 0, paused: false, want: 'down' }],
  ['status-normally-down.bin', { stamp: { seconds: 0x400000006b06f0c9n, nanoseconds: 0x0c72c28c }, pid: 0, paused: false, want: 'down' }],
  ['status-want-down.bin', { stamp: { seconds: 0x400000006b06f0cdn, nanoseconds: 0x23b015e4 }, pid: 7932, paused: false, want: 'down' }],
];

describe('decodeStatus', () => {
  it.each(GOLDEN)('decodes %s written by the real supervise', (name, expected) => {
    expect(decodeStatus(fixture(name))).toEqual(expected);
  });

  it('reads every nanosecond field of the real files as ...500 (taia_now adds 500)', () => {
    for (const [name] of GOLDEN) expect(decodeStatus(fixture(name)).stamp.nanoseconds % 1000).toBe(500);
  });

  it('throws StatusFormatError on fewer than 18 bytes', () => {
    expect(() => decodeStatus(Buffer.alloc(17))).toThrow(StatusFormatError);
    expect(() => decodeStatus(new Uint8Array(0))).toThrow(/0 bytes, expected 18/);
  });

  it('ignores bytes after the 18th and works on a Uint8Array view with an offset', () => {
    const big = Buffer.concat([Buffer.from('xyz'), fixture('status-up.bin'), Buffer.from('trailing')]);
    expect(decodeStatus(new Uint8Array(big.buffer, big.byteOffset + 3, 18 + 8))).toEqual(GOLDEN[0]![1]);
  });

  it('reads any other byte 17 as once and any non-zero byte 16 as paused, as svstat does', () => {
    const b = Buffer.from(fixture('status-up.bin'));
    b[16] = 7;
    b[17] = 0x78;
    expect(decodeStatus(b)).toMatchObject({ paused: true, want: 'once' });
  });

  it('decodes the largest pid and stamp', () => {
    const b = Buffer.alloc(STATUS_SIZE, 0xff);
    expect(decodeStatus(b)).toEqual({
      stamp: { seconds: 2n ** 64n - 1n, nanoseconds: 0xffffffff },
      pid: 0xffffffff,
      paused: true,
      want: 'once',
    });
  });
});

describe('encodeStatus', () => {
  it.each(GOLDEN)('re-encodes %s byte for byte', (name, status) => {
    const got = encodeStatus(status);
    expect(hex(got)).toBe(hex(fixture(name)));
  });

  it('writes paused only while a pid is up (supervise: pid ? flagpaused : 0)', () => {
    const b = encodeStatus({ stamp: { seconds: 0x4000000000000000n, nanoseconds: 0 }, pid: 0, paused: true, want: 'up' });
    expect(b[16]).toBe(0);
    expect(b[17]).toBe(0x75);
  });

  it('is 18 bytes with the pid little-endian at 12', () => {
    const b = encodeStatus({ stamp: { seconds: 1n, nanoseconds: 2 }, pid: 0x01020304, paused: false, want: 'once' });
    expect(hex(b)).toBe('00 00 00 00 00 00 00 01 00 00 00 02 04 03 02 01 00 00');
  });
});
