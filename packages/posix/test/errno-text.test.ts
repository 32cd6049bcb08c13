import { describe, expect, it } from '@jest/globals';
import { errnoName, errnoText } from '../src/errno-text.js';

describe('errnoText', () => {
  it('gives djb error_str words by name, number, negative libuv number and Error', () => {
    expect(errnoText('ENOENT')).toBe('file does not exist');
    expect(errnoText(2)).toBe('file does not exist');
    expect(errnoText(-6)).toBe('device not configured');
    const e = Object.assign(new Error('x'), { code: 'EACCES', errno: -13 });
    expect(errnoText(e)).toBe('access denied');
  });
  it('reads EAGAIN and EWOULDBLOCK both as temporary failure (EAGAIN tested first)', () => {
    expect(errnoText('EWOULDBLOCK')).toBe('temporary failure');
    expect(errnoText(11)).toBe('temporary failure');
    expect(errnoName(11)).toBe('EAGAIN');
  });
  it('has no error for 0 and unknown error otherwise', () => {
    expect(errnoText(0)).toBe('no error');
    expect(errnoText(9999)).toBe('unknown error');
    expect(errnoText('EBOGUS')).toBe('unknown error');
  });
});

describe('errnoText of anything', () => {
  it('is unknown error for values that carry no errno', () => {
    expect(errnoText(undefined)).toBe('unknown error');
    expect(errnoText(null)).toBe('unknown error');
    expect(errnoText(new Error('x'))).toBe('unknown error');
    expect(errnoText({ errno: -2 })).toBe('file does not exist');
  });
});
