import { describe, expect, it } from '@jest/globals';
import { exitStatusOf, runInOwnSession } from '../../src/lib/session.js';

describe('exitStatusOf', () => {
  it('is the exit code, or 128 + the signal number as a shell reports it', () => {
    expect(exitStatusOf(0, null)).toBe(0);
    expect(exitStatusOf(3, null)).toBe(3);
    expect(exitStatusOf(null, 'SIGTERM')).toBe(143);
    expect(exitStatusOf(null, 'SIGKILL')).toBe(137);
  });
});

describe('runInOwnSession', () => {
  it('leaves the work to the caller when the marker says this is already the copy', () => {
    process.env.DT_TEST_SESSION_MARKER = '1';
    try {
      expect(runInOwnSession({ marker: 'DT_TEST_SESSION_MARKER', signals: ['SIGTERM'] })).toBeUndefined();
    } finally {
      delete process.env.DT_TEST_SESSION_MARKER;
    }
  });
});
