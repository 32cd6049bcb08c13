import { describe, expect, it } from '@jest/globals';
import { LineStamper, Stamper } from '../src/stamper.js';
import { randomChunks, seededRandom } from '@dt/test-support';

// Injected clock: 1795607669.266413 s => @400000006b06cc7f0fe125bc (spec §1.5, nanoseconds = µs*1000+500)
const T0 = 1795607669266413;
const STAMP0 = '@400000006b06cc7f0fe125bc ';

function ticking(start = T0, step = 1) {
  let now = start - step;
  return () => (now += step);
}

function stampAll(chunks: (string | Buffer)[], clock = ticking()): Buffer {
  const s = new LineStamper({ clock });
  return Buffer.concat(chunks.map((c) => Buffer.from(s.push(typeof c === 'string' ? Buffer.from(c, 'latin1') : c))));
}

describe('LineStamper', () => {
  it('puts the label and a space before each line', () => {
    expect(stampAll(['a\nb\n'], () => T0).toString('latin1')).toBe(`${STAMP0}a\n${STAMP0}b\n`);
  });

  it('copies a partial last line without adding a newline', () => {
    expect(stampAll(['a\npartial'], () => T0).toString('latin1')).toBe(`${STAMP0}a\n${STAMP0}partial`);
  });

  it('stamps an empty line and emits nothing for empty input', () => {
    expect(stampAll(['\n\n'], () => T0).toString('latin1')).toBe(`${STAMP0}\n${STAMP0}\n`);
    expect(stampAll([''], () => T0).length).toBe(0);
  });

  it('takes the stamp when the first byte of a line is processed, not when the line ends', () => {
    // chunk 1 starts line 1, chunk 2 finishes it and starts line 2: exactly two clock reads
    let reads = 0;
    const clock = () => T0 + 1_000_000 * reads++;
    const out = stampAll(['hel', 'lo\nwor', 'ld\n'], clock).toString('latin1');
    expect(out).toBe(`${STAMP0}hello\n@400000006b06cc800fe125bc world\n`);
    expect(reads).toBe(2);
  });

  it('reads the clock once per 1024 input bytes of a read: lines starting there share the reading', () => {
    let reads = 0;
    const clock = () => T0 + 1_000_000 * reads++;
    // 1000 bytes of 10-byte lines, then a 100-byte line crossing byte 1024, then lines past it
    const first = 'abcdefghi\n'.repeat(100);
    const crossing = 'y'.repeat(99) + '\n';
    const out = stampAll([first + crossing + 'z\n'], clock).toString('latin1').split('\n');
    expect(out.slice(0, 100).every((l) => l === `${STAMP0}abcdefghi`)).toBe(true);
    expect(out[100]).toBe(`${STAMP0}${'y'.repeat(99)}`); // started in the first window: its stamp
    expect(out[101]).toBe('@400000006b06cc800fe125bc z'); // first line of the second window: a new reading
    expect(reads).toBe(2);
  });

  it('never stamps backwards when the clock reads the same', () => {
    const out = stampAll(['a\n'.repeat(3000)], ticking(T0, 1)).toString('latin1').split('\n').slice(0, -1);
    const stamps = out.map((l) => l.slice(0, 25));
    for (let k = 1; k < stamps.length; k++) expect(stamps[k]! >= stamps[k - 1]!).toBe(true);
  });

  it('passes every byte through unchanged (NUL, 0xff, CR, invalid UTF-8)', () => {
    const line = Buffer.from([0x00, 0xff, 0xfe, 0x0d, 0xc3, 0x28, 0x80, 0x0a]);
    const out = stampAll([line], () => T0);
    expect(out.subarray(0, 26).toString('latin1')).toBe(STAMP0);
    expect(out.subarray(26)).toEqual(line);
  });

  it('handles lines longer than its buffers (3 MB) and many short lines in one chunk', () => {
    const long = Buffer.alloc(3 * 1024 * 1024, 0x78);
    const out = stampAll([long, Buffer.from('\n')], () => T0);
    expect(out.length).toBe(26 + long.length + 1);
    expect(out.subarray(26, 26 + long.length).equals(long)).toBe(true);
    const many = Buffer.from('x\n'.repeat(100000));
    expect(stampAll([many], () => T0).toString('latin1')).toBe(`${STAMP0}x\n`.repeat(100000));
  });

  it('gives nanoseconds ending in 500 and updates the label as the clock moves', () => {
    const out = stampAll(['a\n', 'b\n', 'c\n'], ticking(T0, 999_999)).toString('latin1').split('\n');
    expect(out.slice(0, 3)).toEqual(['@400000006b06cc7f0fe125bc a', '@400000006b06cc800fe121d4 b', '@400000006b06cc810fe11dec c']);
  });

  it('gives the same bytes however the input is cut into chunks (seeded fuzz)', () => {
    const rand = seededRandom(99);
    const input = Buffer.from(Array.from({ length: 20000 }, () => [0x0a, 0x61, 0x00, 0xff, 0x40][rand(5)]!));
    const whole = stampAll([input], () => T0);
    for (let round = 0; round < 10; round++) {
      const chunks = randomChunks(input, rand, 300);
      expect(stampAll(chunks, () => T0).equals(whole)).toBe(true);
    }
  });
});

describe('Stamper.bindTo', () => {
  it('keeps the stamp in the given bytes from then on, rewriting only what the clock changed', () => {
    let now = T0;
    const st = new Stamper(() => now);
    st.refresh();
    const area = Buffer.alloc(40, 0x78);
    st.bindTo(area, 7);
    expect(area.toString('latin1', 7, 33)).toBe(STAMP0); // the current stamp, copied
    expect(st.bytes.buffer).toBe(area.buffer);
    area.fill(0x2e, 8, 24); // the seconds digits: rewritten only when the second changes
    now += 1;
    st.refresh();
    expect(area.toString('latin1', 7, 33)).toBe('@................0fe129a4 ');
    now += 1_000_000;
    st.refresh();
    expect(area.toString('latin1', 7, 33)).toBe('@400000006b06cc800fe129a4 ');
    expect(area.toString('latin1', 0, 7) + area.toString('latin1', 33)).toBe('x'.repeat(14)); // nothing else touched
  });
});
