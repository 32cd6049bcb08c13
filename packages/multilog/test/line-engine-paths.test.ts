// The engine has four ways through a line: the one-directory short-line loop (shortLinesOneDir), the same
// loop matching a script of +/- patterns where the line is staged, one stage written to several directories
// when nothing looks at lines, and the general path that assembles the 1000-byte head and runs the script's
// actions. The engine's `general` option sends every line the general way: the same input through both
// compares the fast paths with the general one, byte for byte, flush point for flush point (0.76's 512-byte
// buffer and 1024-byte reads decide where current is rotated), and clock read for clock read. A script that
// only adds `+*` (select everything) must give what the same script without it gives, too.
import { describe, expect, it } from '@jest/globals';
import { Stamper } from '@dt/tai64';
import { LineEngine, type LineEngineOptions } from '../src/line-engine.js';
import { parseScript } from '../src/script.js';

interface Run {
  data: Buffer;
  units: number[];
  clockReads: number;
}

function run(args: string[], chunks: Buffer[], withEnd: boolean, options: LineEngineOptions = {}): Run[] {
  const script = parseScript(args);
  let reads = 0;
  const clock = () => 1_700_000_000_000_000 + 7 * reads++;
  const data: Buffer[][] = script.dirs.map(() => []);
  const units: number[][] = script.dirs.map(() => []);
  const e = new LineEngine(
    script,
    {
      dirs: script.dirs.map((_d, j) => ({
        writeUnits(buf, start, cuts, count, end) {
          data[j]!.push(Buffer.from(buf.subarray(start, end)));
          let p = start;
          for (let k = 0; k < count; k++) {
            units[j]!.push(cuts[k]! - p);
            p = cuts[k]!;
          }
          if (p !== end) throw new Error(`last flush ends at ${p}, not at ${end}`);
        },
      })),
      alert: () => {},
      status: () => {},
    },
    new Stamper(clock),
    options,
  );
  for (const c of chunks) e.push(c);
  if (withEnd) e.end();
  return script.dirs.map((_d, j) => ({ data: Buffer.concat(data[j]!), units: units[j]!, clockReads: reads }));
}

/** Seeded input: lines of 0..40 bytes mostly, some of 100..900, some past the 1000-byte head, any bytes. */
function makeInput(seed: number, lines: number): Buffer {
  let s = seed;
  const rand = (n: number) => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return s % n;
  };
  const parts: Buffer[] = [];
  for (let i = 0; i < lines; i++) {
    const kind = rand(20);
    const len = kind < 15 ? rand(41) : kind < 19 ? 100 + rand(800) : 990 + rand(2500);
    const line = Buffer.alloc(len + 1);
    for (let k = 0; k < len; k++) line[k] = [0x61, 0x20, 0x00, 0xff, 0x3a][rand(5)]! + (k % 7); // never 0x0a
    line[len] = 0x0a;
    parts.push(line);
  }
  if (rand(2)) parts.push(Buffer.from('a partial last line'));
  return Buffer.concat(parts);
}

function chunk(input: Buffer, seed: number, max: number): Buffer[] {
  let s = seed;
  const out: Buffer[] = [];
  for (let i = 0; i < input.length; ) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    const n = 1 + (s % max);
    out.push(input.subarray(i, i + n));
    i += n;
  }
  return out;
}

const cases: [string, string[]][] = [
  ['one directory, t', ['t', './a']],
  ['one directory', ['./a']],
  ['four directories, t', ['t', './a', './b', './c', './d']],
  ['two directories', ['./a', './b']],
  ['-* +pattern, t', ['t', '-*', '+*a*', './a']],
  ['-* +pattern', ['-*', '+a*', './a']],
  ['+ and - patterns', ['t', '-*b*', '+*\0*', '-*:*', '+*', '-*c', './a']],
  ['+* then a directory', ['t', '+*', './a']],
  ['patterns after the directory', ['t', '-*', '+*a*', './a', '-*', '+*b*']],
  ['a pattern whose * skips to a byte some lines lack', ['-*', '+*e*:*', './a']],
  ['a pattern no line matches (nothing kept)', ['t', '-*', '+*q*', './a']],
  ['literal patterns', ['-*', '+a', '+', './a']],
];

describe('the +* script', () => {
  it('gives what the script without it gives', () => {
    const input = makeInput(9, 300);
    const chunks = chunk(input, 5, 1500);
    const [a] = run(['t', './a'], chunks, true);
    const [b] = run(['t', '+*', './a'], chunks, true);
    expect(a!.data.equals(b!.data)).toBe(true);
    expect(a!.units).toEqual(b!.units);
  });
});

describe('LineEngine fast paths give what the general path gives', () => {
  for (const [title, fast] of cases) {
    it(`${title}: same bytes, flush points and clock reads, whatever the chunking`, () => {
      for (let seed = 1; seed <= 3; seed++) {
        const input = makeInput(seed, 300);
        for (const max of seed === 1 ? [7, 37, 1024, 5000, 70000] : [37, 1500, 70000]) {
          const chunks = chunk(input, seed * 31 + max, max);
          for (const withEnd of [true, false]) {
            const b = run(fast, chunks, withEnd, { general: true });
            // the short-line loop in WebAssembly (the default) and in JS (the fallback)
            for (const a of [run(fast, chunks, withEnd), run(fast, chunks, withEnd, { wasm: false })]) {
              expect(a.length).toBe(b.length);
              for (let j = 0; j < a.length; j++) {
                expect(a[j]!.data.equals(b[j]!.data)).toBe(true);
                expect(a[j]!.units).toEqual(b[j]!.units);
              }
              expect(a[0]!.clockReads).toBe(b[0]!.clockReads);
            }
            if (title.includes('pattern') && !title.includes('nothing')) expect(b[0]!.data.length).toBeGreaterThan(0); // some lines selected
          }
        }
      }
    });
  }

  it('the one-directory fast path passes plain lines through', () => {
    const [a] = run(['./a'], [Buffer.from('x\ny\n')], true);
    expect(a!.data.toString('latin1')).toBe('x\ny\n');
  });
});
