import { describe, expect, it } from '@jest/globals';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDirs, thrown } from '@dt/test-support';
import { SidecarFormatError, SidecarWriteError } from '../src/errors.js';
import {
  SIDECAR_VERSION,
  decodeSidecar,
  encodeSidecar,
  readSidecarFile,
  sidecarPathOf,
  writeSidecarFile,
  type StatusSidecar,
} from '../src/sidecar.js';

const sample: StatusSidecar = {
  version: SIDECAR_VERSION,
  pid: 1234,
  supervisorPid: 1200,
  startedAt: '2026-11-25T14:00:00.000Z',
  ready: true,
  readyAt: '2026-11-25T14:00:00.250Z',
  restarts: 3,
  lastExit: { code: 0, signal: null, at: '2026-11-25T13:59:59.000Z' },
};

const tempDir = tempDirs('dt-sidecar-');

function serviceDir(): string {
  const d = tempDir();
  mkdirSync(join(d, 'supervise'));
  return d;
}

describe('encodeSidecar / decodeSidecar', () => {
  it('encodes one line of JSON with the keys in decision 0002 order', () => {
    expect(encodeSidecar(sample)).toBe(
      '{"version":1,"pid":1234,"supervisorPid":1200,"startedAt":"2026-11-25T14:00:00.000Z","ready":true,' +
        '"readyAt":"2026-11-25T14:00:00.250Z","restarts":3,"lastExit":{"code":0,"signal":null,"at":"2026-11-25T13:59:59.000Z"}}\n',
    );
  });

  it('round-trips, before any start and after a kill', () => {
    const fresh: StatusSidecar = { ...sample, pid: 0, startedAt: null, ready: false, readyAt: null, restarts: 0, lastExit: null };
    const killed: StatusSidecar = { ...sample, pid: 0, ready: false, readyAt: null, lastExit: { code: null, signal: 'SIGKILL', at: 'x' } };
    for (const s of [sample, fresh, killed]) expect(decodeSidecar(encodeSidecar(s))).toEqual(s);
    expect(decodeSidecar(Buffer.from(encodeSidecar(sample)))).toEqual(sample);
  });

  it('writes the additive fields (decision 0007) after the others, only when set, and reads them back', () => {
    const more: StatusSidecar = { ...sample, startTime: 98765, supervisorStartTime: 4321, processGroup: true, failing: true, nextStartAt: 'y' };
    expect(encodeSidecar(more)).toBe(
      encodeSidecar(sample).slice(0, -2) + ',"startTime":98765,"supervisorStartTime":4321,"processGroup":true,"failing":true,"nextStartAt":"y"}\n',
    );
    expect(decodeSidecar(encodeSidecar(more))).toEqual(more);
    expect(() => decodeSidecar(JSON.stringify({ ...sample, startTime: -1 }))).toThrow(SidecarFormatError);
    expect(() => decodeSidecar(JSON.stringify({ ...sample, failing: 1 }))).toThrow(SidecarFormatError);
  });

  it('drops unknown keys a newer writer may add', () => {
    expect(decodeSidecar(JSON.stringify({ ...sample, extra: 1 }))).toEqual(sample);
  });

  it.each([
    ['not JSON', '{'],
    ['an array', '[]'],
    ['a missing pid', JSON.stringify({ ...sample, pid: undefined })],
    ['a negative pid', JSON.stringify({ ...sample, pid: -1 })],
    ['a string ready', JSON.stringify({ ...sample, ready: 'yes' })],
    ['version 0', JSON.stringify({ ...sample, version: 0 })],
    ['a bad lastExit', JSON.stringify({ ...sample, lastExit: 3 })],
    ['a lastExit without at', JSON.stringify({ ...sample, lastExit: { code: 1, signal: null } })],
  ])('rejects %s with SidecarFormatError', (_what, text) => {
    expect(() => decodeSidecar(text)).toThrow(SidecarFormatError);
    try {
      decodeSidecar(text);
    } catch (e) {
      expect((e as SidecarFormatError).code).toBe('DT_ERR_SIDECAR_FORMAT');
    }
  });
});

describe('writeSidecarFile / readSidecarFile', () => {
  it('writes supervise/dt-status.json atomically (no .new left) and reads it back', () => {
    const dir = serviceDir();
    writeSidecarFile(dir, sample);
    expect(readdirSync(join(dir, 'supervise'))).toEqual(['dt-status.json']);
    expect(readFileSync(sidecarPathOf(dir), 'utf8')).toBe(encodeSidecar(sample));
    expect(statSync(sidecarPathOf(dir)).mode & 0o777 & ~0o022).toBe(0o644 & ~0o022);
    expect(readSidecarFile(dir)).toEqual(sample);
    writeSidecarFile(dir, { ...sample, restarts: 4 });
    expect(readSidecarFile(dir)?.restarts).toBe(4);
  });

  it('reads undefined when there is no sidecar (a real supervise writes none)', () => {
    expect(readSidecarFile(serviceDir())).toBeUndefined();
  });

  it('throws SidecarFormatError on a damaged file', () => {
    const dir = serviceDir();
    writeFileSync(sidecarPathOf(dir), 'garbage');
    expect(() => readSidecarFile(dir)).toThrow(SidecarFormatError);
  });

  it('throws SidecarWriteError with the step when supervise/ is missing', () => {
    const dir = tempDir();
    const err = thrown(() => writeSidecarFile(dir, sample));
    expect(err).toBeInstanceOf(SidecarWriteError);
    expect((err as SidecarWriteError).step).toBe('open');
    expect((err as SidecarWriteError).message).toBe(`unable to open ${dir}/supervise/dt-status.json.new: file does not exist`);
  });
});
