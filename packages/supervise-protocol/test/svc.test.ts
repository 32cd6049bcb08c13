import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { closeSync, constants, mkdirSync, openSync, readFileSync, readSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { ControlLetterError, ControlOpenError, NotSupervisedError, ServiceDirError } from '../src/errors.js';
import { sendControl } from '../src/svc.js';
import { FakeSupervise, makeTempDir } from './helpers.js';

let root: string;
let sv: FakeSupervise;
beforeEach(() => {
  root = makeTempDir('dt-svc-');
  sv = new FakeSupervise(join(root, 's'));
});
afterEach(() => {
  sv.remove();
  rmSync(root, { recursive: true, force: true });
});

async function until<T>(check: () => T | undefined): Promise<T> {
  const deadline = performance.now() + 10_000;
  for (;;) {
    const v = check();
    if (v !== undefined) return v;
    if (performance.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

function readControl(): string {
  const buf = Buffer.alloc(64);
  try {
    return buf.subarray(0, readSync(sv.fds[0]!, buf, 0, 64, null)).toString('latin1');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EAGAIN') return '';
    throw e;
  }
}

describe('sendControl', () => {
  it('writes the letters, de-duplicated in order, in one write', async () => {
    sv.hold();
    await sendControl(sv.dir, 'dudq12x1');
    expect(readControl()).toBe('duq12x');
  });

  it('waits, as svc\'s blocking write does, while the control FIFO is full, then writes all letters at once', async () => {
    sv.hold();
    const w = openSync(join(sv.dir, 'supervise', 'control'), constants.O_WRONLY | constants.O_NONBLOCK);
    const junk = Buffer.alloc(4096, 0x2e);
    let filled = 0;
    try {
      for (;;) filled += writeSync(w, junk);
    } catch (e) {
      expect((e as NodeJS.ErrnoException).code).toBe('EAGAIN');
    } finally {
      closeSync(w);
    }
    const sent = sendControl(sv.dir, 'tc'); // its first write() has already met EAGAIN
    const big = Buffer.alloc(filled);
    let drained = 0;
    while (drained < filled) drained += readSync(sv.fds[0]!, big, drained, filled - drained, null);
    await sent;
    expect(await until(() => readControl() || undefined)).toBe('tc');
  });

  it('accepts an array of letters and sends nothing for none', async () => {
    sv.hold();
    await sendControl(sv.dir, ['t', 'c']);
    await sendControl(sv.dir, []);
    expect(readControl()).toBe('tc');
  });

  it('rejects NotSupervisedError (errno ENXIO, no cause) when control has no reader', async () => {
    const err = await sendControl(sv.dir, 'u').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NotSupervisedError);
    expect(err).toMatchObject({ message: `unable to control ${sv.dir}: supervise not running`, errno: 'ENXIO', code: 'DT_ERR_NOT_SUPERVISED' });
    expect((err as Error).cause).toBeUndefined();
  });

  it('rejects ControlOpenError ENOENT without supervise/ and ServiceDirError for a missing or non-directory', async () => {
    const bare = join(root, 'bare');
    mkdirSync(bare);
    await expect(sendControl(bare, 'u')).rejects.toMatchObject({ name: 'ControlOpenError', errno: 'ENOENT', message: `unable to control ${bare}` });
    await expect(sendControl(bare, 'u')).rejects.toBeInstanceOf(ControlOpenError);
    await expect(sendControl(join(root, 'nope'), 'u')).rejects.toBeInstanceOf(ServiceDirError);
    writeFileSync(join(root, 'file'), '');
    await expect(sendControl(join(root, 'file'), 'u')).rejects.toMatchObject({ errno: 'ENOTDIR', message: `unable to chdir to ${root}/file` });
  });

  it('writes into a regular file named control, as svc 0.76 does', async () => {
    const reg = join(root, 'reg');
    mkdirSync(join(reg, 'supervise'), { recursive: true });
    writeFileSync(join(reg, 'supervise', 'control'), '');
    await sendControl(reg, 'ud');
    expect(readFileSync(join(reg, 'supervise', 'control'), 'latin1')).toBe('ud');
  });

  it('checks the letters before touching the directory', async () => {
    await expect(sendControl(join(root, 'nope'), 'w')).rejects.toBeInstanceOf(ControlLetterError);
  });
});
