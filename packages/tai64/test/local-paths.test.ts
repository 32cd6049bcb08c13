import { describe, expect, it } from '@jest/globals';
import { LocalConverter } from '../src/local-stream.js';
import { formatLocalSeconds } from '../src/local.js';
import { requireZone as loadZone } from './require-zone.js';
import { randomChunks, seededRandom } from '@dt/test-support';

// The WebAssembly kernel (local-kernel.ts) takes the common line; JS takes the rest and is the --jitless
// fallback. Both must give the same bytes for any input and any chunking.
const zone = loadZone('America/Los_Angeles');
const formatSeconds = (s: bigint) => formatLocalSeconds(s, zone);
const HEX = '0123456789abcdef';

/** Lines: mostly '@' + 24 digits of a few nearby seconds + ' ' + text; some other digit counts, uppercase
 *  or no terminator, lines without '@', empty lines. */
function randomStamped(rand: (n: number) => number, lines: number): Buffer {
  const parts: string[] = [];
  for (let i = 0; i < lines; i++) {
    const kind = rand(12);
    const secs = (0x400000006b06cc7fn + BigInt(rand(4))).toString(16);
    const ns = Array.from({ length: 8 }, () => HEX[rand(16)]).join('');
    const text = Array.from({ length: rand(kind === 0 ? 300 : 40) }, () => String.fromCharCode(32 + rand(90))).join('');
    if (kind < 7) parts.push(`@${secs}${ns} ${text}\n`);
    else if (kind === 7) parts.push(`@${secs}${ns}${['F', 'g', '@', '\n'][rand(4)]}${text}\n`);
    else if (kind === 8) parts.push(`@${(secs + ns).slice(rand(8))} ${text}\n`); // fewer digits
    else if (kind === 9) parts.push(`@${HEX[rand(16)]}${secs}${ns} ${text}\n`); // 25 digits
    else if (kind === 10) parts.push(`${text}\n`);
    else parts.push('\n');
  }
  return Buffer.from(parts.join(''), 'latin1');
}

function convert(engine: 'wasm' | 'js', chunks: Buffer[]): Buffer {
  const c = new LocalConverter({ formatSeconds, engine });
  return Buffer.concat(chunks.map((x) => Buffer.from(c.push(x))));
}

describe('LocalConverter engines', () => {
  for (const [seed, maxChunk] of [
    [1, 7],
    [2, 100],
    [3, 4096],
    [4, 200_000],
  ] as const) {
    it(`give the same bytes (seed ${seed}, chunks up to ${maxChunk} bytes)`, () => {
      const rand = seededRandom(seed);
      const input = randomStamped(rand, 4000);
      const chunks = randomChunks(input, rand, maxChunk);
      const wasm = convert('wasm', chunks);
      expect(wasm.equals(convert('js', chunks))).toBe(true);
      expect(wasm.equals(convert('js', [input]))).toBe(true);
    });
  }

  it('converts a stamp cut at every point by the end of a chunk', () => {
    const line = Buffer.from('@400000006b06cc7f0fe125bc hello\n@400000006b06cc7f0fe125bd x\n', 'latin1');
    for (let cut = 0; cut <= line.length; cut++) {
      const chunks = [line.subarray(0, cut), line.subarray(cut)];
      expect(convert('wasm', chunks).toString('latin1')).toBe('2026-11-25 03:54:29.266413500 hello\n2026-11-25 03:54:29.266413501 x\n');
    }
  });
});
