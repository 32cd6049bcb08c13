import { describe, expect, it } from '@jest/globals';
import { formatGetoptProblem, getopt } from '../../src/lib/getopt.js';

// Expectations follow daemontools 0.76 subgetopt.c/sgetopt.c, checked against /usr/bin/softlimit and setlock.
describe('getopt (0.76 sgetopt)', () => {
  const SOFT = 'a:c:t:';

  it('stops at the first non-option and leaves the rest as operands', () => {
    expect(getopt(['-a', '1', 'prog', '-c', '2'], SOFT)).toEqual({
      ok: true,
      options: [{ option: 'a', arg: '1' }],
      operands: ['prog', '-c', '2'],
    });
  });

  it('takes an argument from the rest of the word or from the next word, even an empty or dash one', () => {
    expect(getopt(['-a1', '-c', '', '-t', '-5', 'x'], SOFT)).toEqual({
      ok: true,
      options: [
        { option: 'a', arg: '1' },
        { option: 'c', arg: '' },
        { option: 't', arg: '-5' },
      ],
      operands: ['x'],
    });
  });

  it('bundles flags, and a flag bundle may end with an option taking the next word', () => {
    expect(getopt(['-nx', '-Xa', 'v', 'f'], 'nNxXa:')).toEqual({
      ok: true,
      options: [{ option: 'n' }, { option: 'x' }, { option: 'X' }, { option: 'a', arg: 'v' }],
      operands: ['f'],
    });
    expect(getopt(['-na=', 'f'], 'na:')).toEqual({ ok: true, options: [{ option: 'n' }, { option: 'a', arg: '=' }], operands: ['f'] });
  });

  it('consumes `--` and, as 0.76 does, any word starting with `--`', () => {
    expect(getopt(['--', '-a', 'x'], SOFT)).toEqual({ ok: true, options: [], operands: ['-a', 'x'] });
    expect(getopt(['-c', '1', '--foo', 'x'], SOFT)).toEqual({ ok: true, options: [{ option: 'c', arg: '1' }], operands: ['x'] });
  });

  it('treats a lone `-` as the first operand', () => {
    expect(getopt(['-', 'x'], SOFT)).toEqual({ ok: true, options: [], operands: ['-', 'x'] });
  });

  it('reports an illegal option (including `:` and `-` inside a bundle) and a missing argument', () => {
    expect(getopt(['-z', 'x'], SOFT)).toEqual({ ok: false, problem: 'illegal', option: 'z' });
    expect(getopt(['-:'], SOFT)).toEqual({ ok: false, problem: 'illegal', option: ':' });
    expect(getopt(['-n-'], 'n')).toEqual({ ok: false, problem: 'illegal', option: '-' });
    expect(getopt(['-c', '1', '-a'], SOFT)).toEqual({ ok: false, problem: 'missing', option: 'a' });
  });

  it('shows each option to onOption as it is read, before a later problem', () => {
    const seen: string[] = [];
    expect(getopt(['-a', 'x', '-t5', '-z'], SOFT, (o) => seen.push(`${o.option}=${o.arg}`))).toEqual({ ok: false, problem: 'illegal', option: 'z' });
    expect(seen).toEqual(['a=x', 't=5']);
  });

  it('handles an empty argv and an empty word', () => {
    expect(getopt([], SOFT)).toEqual({ ok: true, options: [], operands: [] });
    expect(getopt(['', '-a'], SOFT)).toEqual({ ok: true, options: [], operands: ['', '-a'] });
  });

  it('formats sgetopt\'s two messages', () => {
    expect(formatGetoptProblem('softlimit', 'illegal', 'z')).toBe('softlimit: illegal option -- z\n');
    expect(formatGetoptProblem('softlimit', 'missing', 'a')).toBe('softlimit: option requires an argument -- a\n');
  });

  it('names only the first byte of a multi-byte option character, as C getopt (a latin1 byte string)', () => {
    expect(Buffer.from(formatGetoptProblem('setlock', 'illegal', '\xc3'), 'latin1')).toEqual(Buffer.from('setlock: illegal option -- \xc3\n', 'latin1')); // the first byte of é, from rawArgs()
    expect(Buffer.from(formatGetoptProblem('setlock', 'illegal', '\u{1F600}'), 'latin1')).toEqual(Buffer.from('setlock: illegal option -- \xf0\n', 'latin1'));
  });
});
