import { describe, expect, it } from '@jest/globals';
import { LineStamper } from '../src/stamper.js';
import { randomChunks, seededRandom } from '@dt/test-support';

// The WebAssembly kernel (stamp-kernel.ts) and the JS loop must give the same bytes from the same clock
// readings, read at the same points, for any chunking: the kernel is the default, JS the --jitless fallback.

/** A clock that moves on by `step` µs at every reading and records how many readings there were. */
function countingClock(step: number) {
  let now = 1795607669266413;
  const clock = Object.assign(() => ((clock.reads += 1), (now += step)), { reads: 0 });
  return clock;
}

/** Lines of random lengths (0 to maxLine bytes, any byte value but newline), some runs of empty lines. */
function randomLines(rand: (n: number) => number, bytes: number, maxLine: number): Buffer {
  const out = Buffer.alloc(bytes);
  for (let i = 0; i < bytes; ) {
    const len = rand(4) === 0 ? rand(3) : rand(maxLine + 1);
    for (let k = 0; k < len && i < bytes; k++) {
      const b = rand(256);
      out[i++] = b === 0x0a ? 0x0b : b;
    }
    if (i < bytes) out[i++] = 0x0a;
  }
  return out;
}

function run(engine: 'wasm' | 'js', chunks: Buffer[], step: number) {
  const clock = countingClock(step);
  const s = new LineStamper({ clock, engine });
  const parts: Buffer[] = [];
  const complete: boolean[] = [];
  for (const c of chunks) {
    parts.push(Buffer.from(s.push(c)));
    complete.push(s.lineComplete);
  }
  return { out: Buffer.concat(parts), reads: clock.reads, complete };
}

describe('LineStamper engines', () => {
  const cases: [string, number, number, number][] = [
    // name, seed, line length up to, chunk length up to
    ['short lines, small chunks', 1, 20, 50],
    ['short lines, read-sized chunks', 2, 16, 70000],
    ['mixed lines', 3, 300, 5000],
    ['long lines across chunks', 4, 5000, 3000],
    ['chunks larger than the kernel area', 5, 200, 400000],
  ];
  for (const [name, seed, maxLine, maxChunk] of cases) {
    it(`gives the same bytes, clock readings and line state: ${name}`, () => {
      const rand = seededRandom(seed);
      const input = randomLines(rand, 600_000, maxLine);
      const chunks = randomChunks(input, rand, maxChunk);
      const wasm = run('wasm', chunks, 1);
      const js = run('js', chunks, 1);
      expect(wasm.reads).toBe(js.reads);
      expect(wasm.complete).toEqual(js.complete);
      expect(wasm.out.equals(js.out)).toBe(true);
      // and the line content is the input
      expect(wasm.out.length).toBe(input.length + 26 * (input.filter((b) => b === 0x0a).length + (input[input.length - 1] === 0x0a ? 0 : 1)));
    });
  }

  it('gives the same bytes when the clock stands still or jumps seconds', () => {
    const rand = seededRandom(6);
    const input = randomLines(rand, 200_000, 60);
    const chunks = randomChunks(input, rand, 9000);
    for (const step of [0, 999_999, 1_000_001]) expect(run('wasm', chunks, step).out.equals(run('js', chunks, step).out)).toBe(true);
  });

  it('handles a chunk that ends exactly at a newline, an empty chunk and a lone newline', () => {
    const chunks = ['abc\n', '', '\n', 'x', 'y\n', '\n\n'].map((s) => Buffer.from(s));
    expect(run('wasm', chunks, 1)).toEqual(run('js', chunks, 1));
  });
});
