import { describe, expect, it } from '@jest/globals';
import { MIN_TOKEN_LENGTH, tokenChecker } from '../../src/serve/control-token.js';

describe('tokenChecker', () => {
  const token = 'a'.repeat(MIN_TOKEN_LENGTH);
  it('accepts only `Bearer TOKEN`', () => {
    const check = tokenChecker(token);
    expect(check(`Bearer ${token}`)).toBe('ok');
    expect(check(undefined)).toBe('missing');
    expect(check(token)).toBe('missing');
    expect(check(`Basic ${token}`)).toBe('missing');
    expect(check(`Bearer ${token}a`)).toBe('wrong');
    expect(check(`Bearer ${token.slice(1)}`)).toBe('wrong');
  });

  it('refuses short or unprintable tokens with DT_ERR_SERVE_TOKEN', () => {
    for (const bad of ['', 'a'.repeat(MIN_TOKEN_LENGTH - 1), `${token} x`, `${token}\n`, `${token}é`]) {
      expect(() => tokenChecker(bad)).toThrow(expect.objectContaining({ code: 'DT_ERR_SERVE_TOKEN' }));
    }
  });
});
