import { describe, expect, it } from '@jest/globals';
import { closeSync, fstatSync, readSync, readlinkSync, writeSync } from 'node:fs';
import { Epoll } from '../src/epoll.js';
import { pipe2 } from '../src/pipe.js';
import { memfdCreate, spliceToFile } from '../src/splice.js';

describe('spliceToFile and memfdCreate', () => {
  it('moves a pipe\'s bytes into the file at the offset given, consuming exactly those', () => {
    const [r, w] = pipe2({ cloexec: true, nonblock: true });
    const f = memfdCreate('dt-test');
    try {
      expect(readlinkSync(`/proc/self/fd/${f}`)).toBe('/memfd:dt-test (deleted)');
      expect(spliceToFile(r, f, 0, 64)).toBe(-1); // empty now
      writeSync(w, 'hello\nworld\n');
      expect(spliceToFile(r, f, 100, 6)).toBe(6); // at 100, past a hole
      expect(fstatSync(f).size).toBe(106);
      expect(spliceToFile(r, f, 106, 64)).toBe(6);
      const buf = Buffer.alloc(12);
      expect(readSync(f, buf, 0, 12, 100)).toBe(12);
      expect(buf.toString()).toBe('hello\nworld\n');
      closeSync(w);
      expect(spliceToFile(r, f, 112, 64)).toBe(0); // end of input
    } finally {
      closeSync(r);
      closeSync(f);
    }
  });
});

describe('Epoll', () => {
  it('reports a pipe with input without reading it, and close() ends a wait in progress', async () => {
    const [r, w] = pipe2({ cloexec: true, nonblock: true });
    const ep = new Epoll();
    try {
      ep.add(r);
      const ready = new Promise<number[]>((resolve) => ep.wait(5000, resolve));
      writeSync(w, 'x');
      expect(await ready).toEqual([r]);
      const buf = Buffer.alloc(4);
      expect(readSync(r, buf)).toBe(1); // still there: nothing was read
      ep.remove(r);
      let called = false;
      ep.wait(60_000, () => (called = true));
      await ep.close(); // woken: a 60 s wait would outlast the test's timeout
      expect(called).toBe(false);
    } finally {
      closeSync(r);
      closeSync(w);
    }
  });
});
