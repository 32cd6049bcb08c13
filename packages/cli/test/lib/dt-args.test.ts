import { describe, expect, it } from '@jest/globals';
import { MAX_TIMEOUT_SECONDS, parseDtArgs, parseTimeout } from '../../src/lib/dt-args.js';
import { type Program, ProgramExit } from '../../src/lib/prog.js';

function fakeProgram(): { prog: Program; out: string[]; usages: string[] } {
  const out: string[] = [];
  const usages: string[] = [];
  const prog = {
    name: 'dt test',
    out: (t: string | Buffer) => void out.push(String(t)),
    usage: (t: string, code = 100) => {
      usages.push(t);
      throw new ProgramExit(code);
    },
  } as unknown as Program;
  return { prog, out, usages };
}

const spec = { options: { json: { type: 'boolean' }, timeout: { type: 'string', short: 't' } }, usage: 'dt test [--json] dir', help: 'HELP\n' } as const;

describe('parseDtArgs', () => {
  it('--help alone prints the help and returns undefined', () => {
    const f = fakeProgram();
    expect(parseDtArgs(f.prog, ['--help'], spec)).toBeUndefined();
    expect(f.out).toEqual(['HELP\n']);
  });
  it('parses options and positionals', () => {
    const f = fakeProgram();
    const r = parseDtArgs(f.prog, ['a', '--json', '-t', '5', 'b'], spec);
    expect(r).toEqual({ values: { json: true, timeout: '5' }, positionals: ['a', 'b'] });
    expect(f.out).toEqual([]);
  });
  it('an unknown option, or --help among others, is a usage error (exit 100)', () => {
    for (const argv of [['--nope', 'a'], ['--help', 'a'], ['-t']]) {
      const f = fakeProgram();
      expect(() => parseDtArgs(f.prog, argv, spec)).toThrow(ProgramExit);
      expect(f.usages).toEqual([spec.usage]);
    }
  });
});

describe('parseTimeout', () => {
  it('seconds to milliseconds; absent: the fallback', () => {
    const f = fakeProgram();
    expect(parseTimeout(f.prog, undefined, 60_000)).toBe(60_000);
    expect(parseTimeout(f.prog, '0', 1)).toBe(0);
    expect(parseTimeout(f.prog, '2.5', 1)).toBe(2500);
    expect(parseTimeout(f.prog, '.5', 1)).toBe(500);
    expect(parseTimeout(f.prog, String(MAX_TIMEOUT_SECONDS), 1)).toBe(2_147_483_000);
    expect(2_147_483_000).toBeLessThanOrEqual(2 ** 31 - 1); // what setTimeout holds
  });
  it.each(['', 'x', '-1', '1e3', 'Infinity', 'NaN', '2147484', '99999999999999999', '0x10', ' 1'])('%j is a usage error naming it', (text) => {
    const f = fakeProgram();
    expect(() => parseTimeout(f.prog, text, 1)).toThrow(ProgramExit);
    expect(f.usages).toEqual([`--timeout takes seconds from 0 to 2147483, not ${JSON.stringify(text)}`]);
  });
});
