import { describe, expect, it } from '@jest/globals';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
// @ts-expect-error: a plain .mjs build helper without types
import { NODE_FLAGS } from '../../build/node-flags.mjs';

const SRC = fileURLToPath(new URL('../../src/bin', import.meta.url));
const DIST = fileURLToPath(new URL('../../dist/bin', import.meta.url));
const flagsTable = NODE_FLAGS as Record<string, string[]>;

describe('NODE_FLAGS (build/node-flags.mjs)', () => {
  it('names only programs that exist', () => {
    const bins = new Set(readdirSync(SRC).map((f) => f.replace(/\.ts$/, '')));
    for (const prog of Object.keys(flagsTable)) expect(bins.has(prog)).toBe(true);
  });

  it('every built bin starts Node with exactly its flags (launcher or shebang)', () => {
    expect(existsSync(DIST)).toBe(true); // npm test builds first
    for (const file of readdirSync(DIST).filter((f) => f.endsWith('.js'))) {
      const prog = file.slice(0, -3);
      const head = readFileSync(join(DIST, file), 'utf8').split('\n').slice(0, 2).join('\n');
      const flags = flagsTable[prog] ?? [];
      const starts = [...head.matchAll(/(?:exec node|env(?: -S)? node)((?: --[\w=-]+)*)/g)].map((m) => m[1]!.trim());
      expect([prog, starts]).toEqual([prog, [flags.join(' ')]]);
    }
  });

  it('multilog gets the memory flags and its compiler tiers (its code cache is made under them)', () => {
    expect(flagsTable.multilog).toEqual(['--max-semi-space-size=1', '--single-threaded', '--max-opt=2', '--no-liftoff']);
  });
});
