// The engine has three ways through a line: the one-directory short-line loop (shortLinesOneDir), the
// short-line loop over several directories, and the general path that assembles the 1000-byte head and runs
// the script's actions. A script that only adds `+*` (select everything) must give exactly what the same
// script without it gives, but goes the general way: so the same input through both compares the fast paths
// with the general one, byte for byte, flush point for flush point (0.76's 512-byte buffer and 1024-byte
// reads decide where current is rotated), and clock read for clock read.
import { describe, expect, it } from '@jest/globals';
import { Stamper } from '@dt/tai64';
import { LineEngine } from '../src/line-engine.js';
import { parseScript } from '../src/script.js';

interface Run {
  data: Buffer;
  units: number[];
  clockReads: number;
}

function run(args: string[], chunks: Buffer[], withEnd: boolean): Run[] {
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

const cases: [string, string[], string[]][] = [
  ['one directory, t', ['t', './a'], ['t', '+*', './a']],
  ['one directory', ['./a'], ['+*', './a']],
  ['four directories, t', ['t', './a', './b', './c', './d'], ['t', '+*', './a', './b', './c', './d']],
  ['two directories', ['./a', './b'], ['+*', './a', './b']],
];

describe('LineEngine fast paths give what the general path gives', () => {
  for (const [title, fast, slow] of cases) {
    it(`${title}: same bytes, flush points and clock reads, whatever the chunking`, () => {
      for (let seed = 1; seed <= 3; seed++) {
        const input = makeInput(seed, 300);
        for (const max of seed === 1 ? [7, 37, 1024, 5000, 70000] : [37, 1500, 70000]) {
          const chunks = chunk(input, seed * 31 + max, max);
          for (const withEnd of [true, false]) {
            const a = run(fast, chunks, withEnd);
            const b = run(slow, chunks, withEnd);
            expect(a.length).toBe(b.length);
            for (let j = 0; j < a.length; j++) {
              expect(a[j]!.data.equals(b[j]!.data)).toBe(true);
              expect(a[j]!.units).toEqual(b[j]!.units);
            }
            expect(a[0]!.clockReads).toBe(b[0]!.clockReads);
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
