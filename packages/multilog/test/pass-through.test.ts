// Logger.pushInput's pass-through (a script that neither stamps nor looks at lines writes whole lines
// straight from the input): the same directory, file by file, as the general engine path gives for the
// same reads (a `+*` action, which selects everything, forces that path). Seeded reads of random sizes.
import { afterEach, describe, expect, it } from '@jest/globals';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomChunks, seededRandom } from '@dt/test-support';
import { openLogger } from '../src/logger.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** Lines of 1..3000 bytes (some past the 1000-byte head), with a partial last line. */
function input(rand: (n: number) => number, bytes: number): Buffer {
  const parts: string[] = [];
  let n = 0;
  for (let i = 0; n < bytes; i++) {
    const len = rand(10) === 0 ? 900 + rand(2100) : rand(120);
    const line = `${i} ${'abcdefghij'.repeat(300).slice(0, len)}\n`;
    parts.push(line);
    n += line.length;
  }
  parts.push('partial');
  return Buffer.from(parts.join(''), 'latin1');
}

/** The directory's files in order (archives by name, then current), as text. */
function files(dir: string): string[] {
  const names = readdirSync(dir).filter((n) => n.startsWith('@')).sort();
  return [...names, 'current'].map((n) => readFileSync(join(dir, n), 'latin1'));
}

describe('Logger pass-through', () => {
  for (const [seed, size, maxRead, bytes] of [
    [1, 99999, 65536, 1_500_000],
    [2, 16384, 65536, 300_000],
    [3, 99999, 3000, 1_500_000],
    [4, 1_000_000, 65536, 3_000_000],
  ] as const) {
    it(`writes what the engine writes (seed ${seed}, s${size}, reads up to ${maxRead} bytes)`, () => {
      const cwd = mkdtempSync(join(tmpdir(), 'dt-pass-'));
      dirs.push(cwd);
      const rand = seededRandom(seed);
      const data = input(rand, bytes);
      const chunks = randomChunks(data, rand, maxRead);
      const through = openLogger({ script: [`s${size}`, 'n1000', './through'], cwd });
      const engine = openLogger({ script: [`s${size}`, 'n1000', '+*', './engine'], cwd });
      for (const c of chunks) {
        for (const l of [through, engine]) {
          c.copy(l.inputBuffer);
          l.pushInput(c.length);
        }
      }
      through.close();
      engine.close();
      const a = files(join(cwd, 'through'));
      const b = files(join(cwd, 'engine'));
      expect(a.length).toBe(b.length);
      expect(a).toEqual(b);
      expect(a.join('')).toBe(data.toString('latin1') + '\n');
    });
  }
});
