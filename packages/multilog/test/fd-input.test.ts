import { afterEach, describe, expect, it } from '@jest/globals';
import { closeSync, mkdtempSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipe2 } from '@dt/posix';
import { pumpFd } from '../src/fd-input.js';
import { openLogger } from '../src/logger.js';

const dirs: string[] = [];
const fds: number[] = [];
afterEach(() => {
  for (const fd of fds.splice(0)) {
    try {
      closeSync(fd);
    } catch {
      /* already closed by the test */
    }
  }
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const turn = (): Promise<void> => new Promise((res) => setImmediate(res));

/** Writes all of `buf` to the non-blocking `fd`, letting the event loop (and so the reader) run when it is full. */
async function writeAll(fd: number, buf: Buffer): Promise<void> {
  let off = 0;
  while (off < buf.length) {
    try {
      off += writeSync(fd, buf, off);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EAGAIN') throw e;
      await turn();
    }
  }
}

/** Writes `chunks` into a pipe one per turn of the event loop, then closes it; resolves with what pumpFd wrote. */
async function pumpThroughPipe(pipes: 'stream' | 'poll' | undefined, chunks: string[]): Promise<string> {
  const cwd = mkdtempSync(join(tmpdir(), 'dt-fd-input-'));
  dirs.push(cwd);
  const [r, w] = pipe2({ cloexec: true, nonblock: true });
  fds.push(r, w);
  const logger = openLogger({ script: ['./main'], cwd });
  const done = pumpFd(logger, r, { signals: false, pipes });
  for (const c of chunks) {
    await writeAll(w, Buffer.from(c, 'latin1'));
    // the pipe goes quiet between chunks: each mode must take up reading again after the wait
    await turn();
  }
  closeSync(w);
  fds.splice(fds.indexOf(w), 1);
  await done;
  return readFileSync(join(cwd, 'main', 'current'), 'latin1');
}

describe('pumpFd on a pipe', () => {
  const chunks = ['first line\n', 'a line ', 'split across writes\n', 'x'.repeat(70000) + '\n', 'last\n'];
  const expected = chunks.join('');

  it.each([['stream (default)', undefined], ['stream', 'stream'], ['poll', 'poll']] as const)(
    'reads every byte in order, with quiet gaps, in %s mode',
    async (_label, mode) => {
      expect(await pumpThroughPipe(mode, chunks)).toBe(expected);
    },
  );
});
