import { describe, expect, it } from '@jest/globals';
import { errnoCode } from '../src/errno-code.js';
import { PosixError } from '../src/errors.js';

describe('errnoCode', () => {
  it('reads the errno name of a Node system error and of a PosixError', () => {
    expect(errnoCode(Object.assign(new Error('x'), { code: 'ENOENT' }))).toBe('ENOENT');
    expect(errnoCode(new PosixError('flock', 11))).toBe('EAGAIN');
  });
  it('is undefined for anything without a string code', () => {
    for (const e of [undefined, null, 'ENOENT', 2, new Error('x'), { code: 2 }]) expect(errnoCode(e)).toBeUndefined();
  });
});
