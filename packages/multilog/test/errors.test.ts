import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import * as api from '../src/index.js';
import { MultilogError } from '../src/errors.js';

// Every error class the package exports has a unique stable code, documented in the README's Errors table.
describe('errors', () => {
  const classes = Object.values(api).filter(
    (v): v is typeof MultilogError => typeof v === 'function' && (v === MultilogError || v.prototype instanceof MultilogError),
  );
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

  it('has unique codes, each in the README with its class', () => {
    expect(classes.length).toBeGreaterThanOrEqual(6);
    const codes = classes.map((C) => new C('x').code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const C of classes) {
      const e = new C('x');
      expect(e.name).toBe(C.name);
      expect(readme).toContain(`| \`${e.code}\` | \`${C.name}\` |`);
    }
  });
});
