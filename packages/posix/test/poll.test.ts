import { describe, expect, it } from '@jest/globals';
import { closeSync, writeSync } from 'node:fs';
import { pipe2 } from '../src/pipe.js';
import { pollReadable } from '../src/poll.js';

describe('pollReadable', () => {
  it('is false for an empty pipe (after the timeout), true once it has input or its writer is gone', () => {
    const [r, w] = pipe2({ cloexec: true, nonblock: true });
    try {
      expect(pollReadable(r, 0)).toBe(false);
      expect(pollReadable(r, 5)).toBe(false);
      writeSync(w, 'x');
      expect(pollReadable(r, 1000)).toBe(true);
      closeSync(w);
      expect(pollReadable(r, 1000)).toBe(true);
    } finally {
      closeSync(r);
    }
  });
});
