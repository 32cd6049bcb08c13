import { describe, expect, it } from '@jest/globals';
import { LineEngine } from '../src/line-engine.js';
import { parseScript } from '../src/script.js';
import { Stamper } from '@dt/tai64';

interface Captured {
  data: Buffer[];
  units: number[][]; // unit lengths per chunk
  alerts: string;
  status: Map<number, Buffer>;
}

function engine(args: string[], clock = () => 1_700_000_000_123_456) {
  const script = parseScript(args);
  const cap: Captured[] = script.dirs.map(() => ({ data: [], units: [], alerts: '', status: new Map() }));
  let alerts = '';
  const status = new Map<number, Buffer>();
  const e = new LineEngine(
    script,
    {
      dirs: cap.map((c) => ({
        writeUnits(buf, start, cuts, count, end) {
          c.data.push(Buffer.from(buf.subarray(start, end)));
          const lens: number[] = [];
          let p = start;
          for (let k = 0; k < count; k++) {
            lens.push(cuts[k]! - p);
            p = cuts[k]!;
          }
          expect(p).toBe(end);
          c.units.push(lens);
        },
      })),
      alert: (buf, s, en) => (alerts += buf.toString('latin1', s, en)),
      status: (i, buf) => status.set(i, Buffer.from(buf)),
    },
    new Stamper(clock),
  );
  return { e, cap, alerts: () => alerts, status };
}

const text = (c: Captured) => Buffer.concat(c.data).toString('latin1');

describe('LineEngine (multilog.c doit)', () => {
  it('passes lines through; adds the newline a last partial line lacks', () => {
    const { e, cap } = engine(['./a']);
    e.push(Buffer.from('one\ntw'));
    expect(e.atLineStart).toBe(false);
    e.push(Buffer.from('o\nthree'));
    e.end();
    expect(text(cap[0]!)).toBe('one\ntwo\nthree\n');
  });

  it('t prefixes @ + 24 hex + space (nanoseconds = µs*1000 + 500)', () => {
    const { e, cap } = engine(['t', './a']);
    e.push(Buffer.from('x\n\n'));
    e.end();
    // 1700000000 s + 2^62 + 10 = 0x400000006553f10a; 123456 µs -> 123456500 ns = 0x075bcbf4
    expect(text(cap[0]!)).toBe('@400000006553f10a075bcbf4 x\n@400000006553f10a075bcbf4 \n');
  });

  it('flushes like 0.76 buffers of 512 bytes, and before every 1024-byte read', () => {
    const { e, cap } = engine(['./a']);
    const lines = Buffer.from(('x'.repeat(99) + '\n').repeat(11)); // 1100 bytes
    e.push(lines);
    // 5 lines (500) fit; the 6th does not fit in 12 bytes: flush 500; then 5 more; boundary at 1024 falls
    // inside line 11, so 500 are flushed before it; the last line is flushed at the end
    expect(cap[0]!.units).toEqual([[500, 500, 100]]);
  });

  it('t: a line crossing a 1024-byte read keeps the stamp of the read it started in (one clock read per read)', () => {
    for (const args of [['t', './a'], ['t', './a', './b'], ['t', '-x*', './a']]) {
      let reads = 0;
      const { e, cap } = engine(args, () => 1_700_000_000_000_000 + ++reads);
      // lines 1-11 start in the first read (line 11 spans bytes 1000-1099); line 12 starts in the second
      e.push(Buffer.from(('x'.repeat(99) + '\n').repeat(12)));
      e.end();
      const stamps = text(cap[0]!)
        .split('\n')
        .filter((l) => l !== '')
        .map((l) => l.slice(0, 25));
      expect(stamps).toHaveLength(12);
      expect(new Set(stamps.slice(0, 11)).size).toBe(1);
      expect(stamps[11]).not.toBe(stamps[0]);
      expect(reads).toBe(2);
    }
  });

  it('a head over 512 bytes is written directly; the rest of a long line byte by byte through the buffer', () => {
    const { e, cap } = engine(['./a']);
    e.push(Buffer.from('a'.repeat(600) + '\n' + 'b'.repeat(1500) + '\n'));
    // 600-byte line: put(600) direct, then "\n" in the buffer; the 1500-byte line's head (1000) cannot fit:
    // flush 1, write 1000 direct; the tail goes through the buffer
    const units = cap[0]!.units[0]!;
    expect(units.reduce((a, b) => a + b, 0)).toBe(2102);
    expect(units.slice(0, 3)).toEqual([600, 1, 1000]);
    expect(text(cap[0]!)).toBe('a'.repeat(600) + '\n' + 'b'.repeat(1500) + '\n');
  });

  it('routes by +/- per directory; e shows 200 bytes then ...; =file gets 1001 bytes', () => {
    const { e, cap, alerts, status } = engine(['-*', '+*err*', './errors', 'e', '=st', '+*', './all']);
    // no backtracking: *err* fails on "eerr" (the * stops at the first e)
    e.push(Buffer.from(`ok\nan error\neerr\n${'x'.repeat(300)}err\n`));
    e.end();
    expect(text(cap[0]!)).toBe(`an error\n${'x'.repeat(300)}err\n`);
    expect(text(cap[1]!)).toBe(`ok\nan error\neerr\n${'x'.repeat(300)}err\n`);
    expect(alerts()).toBe(`an error\n${'x'.repeat(200)}...\n`);
    const st = status.get(0)!;
    expect(st.length).toBe(1001);
    expect(st.toString('latin1')).toBe('x'.repeat(300) + 'err' + '\n'.repeat(698));
  });

  it('patterns see only the first 1000 bytes; the directory still gets the whole line', () => {
    const { e, cap } = engine(['-*', '+x*', './a']);
    const long = 'x' + 'y'.repeat(2000);
    e.push(Buffer.from(`${long}\nyx\n`));
    e.end();
    expect(text(cap[0]!)).toBe(`${long}\n`);
  });

  it('gives the same bytes whatever the chunking', () => {
    const input = Buffer.from(Array.from({ length: 300 }, (_, i) => 'z'.repeat((i * 37) % 1500)).join('\n'));
    const whole = engine(['./a']);
    whole.e.push(input);
    whole.e.end();
    const bytes = engine(['./a']);
    for (let i = 0; i < input.length; i += 777) bytes.e.push(input.subarray(i, i + 777));
    bytes.e.end();
    expect(text(bytes.cap[0]!)).toBe(text(whole.cap[0]!));
  });
});
