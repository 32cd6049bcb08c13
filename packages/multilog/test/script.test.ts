import { describe, expect, it } from '@jest/globals';
import { clampNum, clampSize, parseScript, scanUlong } from '../src/script.js';

describe('parseScript (multilog.c c_init, f_init, doit)', () => {
  it('t counts only as the first argument', () => {
    expect(parseScript(['t', './a']).timestamp).toBe(true);
    expect(parseScript(['tfoo', './a']).timestamp).toBe(true);
    expect(parseScript(['./a', 't']).timestamp).toBe(false);
    expect(parseScript([]).timestamp).toBe(false);
  });
  it('s, n and ! apply to the directories after them', () => {
    const s = parseScript(['./a', 's5000', 'n3', '!gzip', './b', 's1', '/c']);
    expect(s.dirs).toEqual([
      { dir: './a', size: 99999, num: 10, processor: undefined },
      { dir: './b', size: 5000, num: 3, processor: 'gzip' },
      { dir: '/c', size: 4096, num: 3, processor: 'gzip' },
    ]);
  });
  it('clamps sizes to 4096..16777215 and num to at least 2, reading leading digits only', () => {
    expect(parseScript(['s99999999', './a', 'sx', './b', 's8192k', './c', 'n1', './d', 'n', './e']).dirs.map((d) => [d.size, d.num])).toEqual([
      [16777215, 10],
      [4096, 10],
      [8192, 10],
      [8192, 2],
      [8192, 2],
    ]);
    expect(clampSize(0)).toBe(4096);
    expect(clampNum(0)).toBe(2);
  });
  it('scan_ulong wraps like a 64-bit unsigned long', () => {
    expect(scanUlong('18446744073709551616')).toBe(0);
    expect(scanUlong('18446744073709555712')).toBe(4096);
    expect(scanUlong('12ab')).toBe(12);
    expect(scanUlong('')).toBe(0);
  });
  it('keeps the line actions in order; ignores unknown arguments', () => {
    const s = parseScript(['-*', '+one*', 'e', '=st', 'main', './a', 'x', '']);
    expect(s.actions.map((a) => a.kind)).toEqual(['deselect', 'select', 'alert', 'status', 'dir']);
    expect(s.statusFiles).toEqual(['st']);
    expect(s.actions[1]).toEqual({ kind: 'select', pattern: Buffer.from('one*') });
  });
  it('an empty ! sets an empty processor (0.76 cannot unset one)', () => {
    expect(parseScript(['!', './a']).dirs[0]!.processor).toBe('');
  });
});
