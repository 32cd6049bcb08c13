// The fastify pattern for a package's error codes: unique, and each in its README's Errors table.
import { expect } from '@jest/globals';

/** Asserts that `codes` are unique and that each appears as `` | `CODE` | `` in the README text. */
export function expectDocumentedCodes(codes: readonly string[], readme: string): void {
  expect(new Set(codes).size).toBe(codes.length);
  for (const c of codes) expect(readme).toContain(`| \`${c}\` |`);
}
