import { describe, expect, it } from '@jest/globals';
import { mustRotateAfter, mustRotateBefore, writeLength } from '../src/rotation.js';

describe('c_write arithmetic', () => {
  const buf = Buffer.from('aaaa\nbbbb\ncccc');
  it('writes everything while below size-2000', () => {
    expect(writeLength(0, 10000, buf, 0, buf.length)).toBe(buf.length);
  });
  it('cuts after the last newline once past size-2000', () => {
    expect(writeLength(7990, 10000, buf, 0, buf.length)).toBe(10);
    expect(writeLength(7995, 10000, buf, 5, 9)).toBe(5);
  });
  it('without a newline the whole (capped) buffer goes', () => {
    expect(writeLength(7990, 10000, Buffer.from('xxxx'), 0, 4)).toBe(4);
  });
  it('never exceeds size (then cuts after a newline inside the allowed part)', () => {
    expect(writeLength(9995, 10000, buf, 0, buf.length)).toBe(5);
    expect(writeLength(9997, 10000, buf, 0, buf.length)).toBe(3);
  });
  it('rotates after a newline past size-2000, or before any write at size', () => {
    expect(mustRotateAfter(8000, 10000, 0x0a)).toBe(true);
    expect(mustRotateAfter(7999, 10000, 0x0a)).toBe(false);
    expect(mustRotateAfter(9000, 10000, 0x41)).toBe(false);
    expect(mustRotateBefore(10000, 10000)).toBe(true);
    expect(mustRotateBefore(9999, 10000)).toBe(false);
  });
});
