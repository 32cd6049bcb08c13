import { describe, expect, it } from '@jest/globals';
import { CONTROL_LETTERS, encodeControl, isControlLetter, MAX_CONTROL_BYTES, signalForLetter } from '../src/control.js';
import { ControlLetterError } from '../src/errors.js';

describe('control letters', () => {
  it('are the 11 letters of 0.76 and q 1 2 of the sigq12 patch', () => {
    expect([...CONTROL_LETTERS].sort().join('')).toBe('12acdhikopqtux');
  });

  it('map to the signals supervise sends', () => {
    const map = Object.fromEntries(CONTROL_LETTERS.map((l) => [l, signalForLetter(l)]));
    expect(map).toEqual({
      u: undefined, d: 'SIGTERM', o: undefined, p: 'SIGSTOP', c: 'SIGCONT', h: 'SIGHUP', a: 'SIGALRM',
      i: 'SIGINT', t: 'SIGTERM', k: 'SIGKILL', x: undefined, q: 'SIGQUIT', '1': 'SIGUSR1', '2': 'SIGUSR2',
    });
  });

  it('rejects anything else', () => {
    expect(isControlLetter('w')).toBe(false);
    expect(isControlLetter('uu')).toBe(false);
    expect(isControlLetter('toString')).toBe(false);
    expect(() => signalForLetter('z' as never)).toThrow(ControlLetterError);
  });
});

describe('encodeControl', () => {
  it('de-duplicates in first-occurrence order as svc does (-dud sends du)', () => {
    expect(encodeControl('dud').toString()).toBe('du');
    expect(encodeControl(['x', 'd', 'x', 'q', '1', '2', '1']).toString()).toBe('xdq12');
  });

  it('never exceeds 20 bytes (only 14 distinct letters exist, so it never truncates)', () => {
    expect(MAX_CONTROL_BYTES).toBe(20);
    expect(encodeControl(CONTROL_LETTERS.join('').repeat(3)).length).toBe(14);
  });

  it('throws ControlLetterError with a stable code on an unknown letter', () => {
    expect(() => encodeControl('uz')).toThrow(ControlLetterError);
    try {
      encodeControl('w');
    } catch (e) {
      expect((e as ControlLetterError).code).toBe('DT_ERR_CONTROL_LETTER');
    }
  });

  it('accepts nothing and sends nothing', () => {
    expect(encodeControl('').length).toBe(0);
  });
});
