import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { OkOpenError, ServiceDirError } from '../src/errors.js';
import { isSupervised, probeOk } from '../src/svok.js';
import { FakeSupervise, makeTempDir } from './helpers.js';

let root: string;
let sv: FakeSupervise;
beforeEach(() => {
  root = makeTempDir('dt-svok-');
  sv = new FakeSupervise(join(root, 's'));
});
afterEach(() => {
  sv.remove();
  rmSync(root, { recursive: true, force: true });
});

describe('isSupervised', () => {
  it('is true while ok has a reader and false once it is gone (ENXIO)', async () => {
    sv.hold();
    expect(await isSupervised(sv.dir)).toBe(true);
    expect(probeOk(sv.dir)).toEqual({ state: 'running' });
    sv.release();
    expect(await isSupervised(sv.dir)).toBe(false);
    expect(probeOk(sv.dir)).toEqual({ state: 'not-running' });
  });

  it('is false where supervise never ran (no supervise/ok)', async () => {
    mkdirSync(join(root, 'never'));
    expect(await isSupervised(join(root, 'never'))).toBe(false);
  });

  it('is true for a regular file named ok (svok only opens it), as 0.76', async () => {
    mkdirSync(join(root, 'reg', 'supervise'), { recursive: true });
    writeFileSync(join(root, 'reg', 'supervise', 'ok'), 'x');
    expect(await isSupervised(join(root, 'reg'))).toBe(true);
  });

  it('rejects OkOpenError for any other failure, ServiceDirError when the dir cannot be entered', async () => {
    mkdirSync(join(root, 'd', 'supervise', 'ok'), { recursive: true });
    await expect(isSupervised(join(root, 'd'))).rejects.toMatchObject({
      name: 'OkOpenError',
      errno: 'EISDIR',
      message: `unable to open ${root}/d/supervise/ok`,
    });
    await expect(isSupervised(join(root, 'd'))).rejects.toBeInstanceOf(OkOpenError);
    await expect(isSupervised(join(root, 'missing'))).rejects.toBeInstanceOf(ServiceDirError);
  });
});
