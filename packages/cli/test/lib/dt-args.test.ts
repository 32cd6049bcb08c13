import { describe, expect, it } from '@jest/globals';
import { parseDtArgs } from '../../src/lib/dt-args.js';
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
