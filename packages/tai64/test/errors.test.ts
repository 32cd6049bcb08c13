import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { TAI64_ERROR_CODES, Tai64FormatError, Tai64IoError, Tai64RangeError } from '../src/errors.js';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

describe('errors', () => {
  it('have unique, stable codes and names', () => {
    const errors = [new Tai64RangeError('x'), new Tai64FormatError('x'), new Tai64IoError('x', { cause: 1 })];
    expect(errors.map((e) => e.code)).toEqual([...TAI64_ERROR_CODES]);
    expect(new Set(TAI64_ERROR_CODES).size).toBe(TAI64_ERROR_CODES.length);
    expect(errors.map((e) => e.name)).toEqual(['Tai64RangeError', 'Tai64FormatError', 'Tai64IoError']);
    expect(errors[2]!.cause).toBe(1);
  });

  it.each([...TAI64_ERROR_CODES])('%s is documented in the README errors table', (code) => {
    expect(readme).toMatch(new RegExp(`^\\| \`${code}\` \\|`, 'm'));
  });
});
