import { afterEach, describe, expect, it } from '@jest/globals';
import { closeSync, constants, mkdirSync, openSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { ControlReader, OkHolder } from '../src/control-reader.js';
import { makeService, removeTree, waitFor } from './supervisor-helpers.js';

const roots: string[] = [];
const closers: Array<() => void> = [];
afterEach(() => {
  for (const c of closers.splice(0)) c();
  for (const r of roots.splice(0)) removeTree(r);
});

function dir(): string {
  const { root, dir: d } = makeService(undefined);
  roots.push(root);
  mkdirSync(join(d, 'supervise'));
  return d;
}

function writeControl(d: string, text: string): void {
  const fd = openSync(join(d, 'supervise', 'control'), constants.O_WRONLY | constants.O_NONBLOCK);
  writeSync(fd, text);
  closeSync(fd);
}

describe('ControlReader', () => {
  it('makes the FIFO 0600 and hands over every byte in order, across writers that come and go', async () => {
    const d = dir();
    const got: string[] = [];
    const r = new ControlReader(d, (l) => got.push(l));
    closers.push(() => r.close());
    r.open();
    const st = statSync(join(d, 'supervise', 'control'));
    expect(st.isFIFO()).toBe(true);
    expect(st.mode & 0o777).toBe(0o600 & ~process.umask());
    writeControl(d, 'du');
    await waitFor('two letters', () => got.length === 2);
    // the writer closed: no EOF, since the reader holds a write end too
    writeControl(d, 'x');
    await waitFor('third letter', () => got.length === 3);
    expect(got).toEqual(['d', 'u', 'x']);
  });

  it('after close, writers see no reader (ENXIO)', () => {
    const d = dir();
    const r = new ControlReader(d, () => {});
    r.open();
    r.close();
    expect(() => openSync(join(d, 'supervise', 'control'), constants.O_WRONLY | constants.O_NONBLOCK)).toThrow(
      expect.objectContaining({ code: 'ENXIO' }),
    );
  });
});

describe('OkHolder', () => {
  it('holds ok open for reading: svok succeeds while it is open, ENXIO after close', () => {
    const d = dir();
    const ok = new OkHolder(d);
    ok.open();
    const path = join(d, 'supervise', 'ok');
    expect(statSync(path).isFIFO()).toBe(true);
    closeSync(openSync(path, constants.O_WRONLY | constants.O_NONBLOCK));
    ok.close();
    expect(() => openSync(path, constants.O_WRONLY | constants.O_NONBLOCK)).toThrow(expect.objectContaining({ code: 'ENXIO' }));
  });

  it('fails as 0.76 when supervise/ is missing', () => {
    const { root, dir: d } = makeService(undefined);
    roots.push(root);
    expect(() => new OkHolder(d).open()).toThrow(`unable to read ${d}/supervise/ok: file does not exist`);
  });
});
