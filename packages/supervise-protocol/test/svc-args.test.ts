import { describe, expect, it } from '@jest/globals';
import { parseSvcArgs, SVC_USAGE } from '../src/svc-args.js';

describe('parseSvcArgs (djb getopt over "udopchaitkx" + "q12")', () => {
  it('reads clustered and separate letters, keeping duplicates for encodeControl to drop', () => {
    expect(parseSvcArgs(['-dud', '-x', 'a', 'b'])).toEqual({ ok: true, letters: ['d', 'u', 'd', 'x'], dirs: ['a', 'b'] });
  });

  it('accepts the sigq12 letters', () => {
    expect(parseSvcArgs(['-q12', 's'])).toEqual({ ok: true, letters: ['q', '1', '2'], dirs: ['s'] });
  });

  it('stops at the first non-option, at a lone "-", and after "--"', () => {
    expect(parseSvcArgs(['x', '-u'])).toEqual({ ok: true, letters: [], dirs: ['x', '-u'] });
    expect(parseSvcArgs(['-u', '-', '-d'])).toEqual({ ok: true, letters: ['u'], dirs: ['-', '-d'] });
    expect(parseSvcArgs(['-u', '--', '-d'])).toEqual({ ok: true, letters: ['u'], dirs: ['-d'] });
    expect(parseSvcArgs(['--'])).toEqual({ ok: true, letters: [], dirs: [] });
    // djb subgetopt consumes any argument beginning with "--" as the end of options: svc --help is silent.
    expect(parseSvcArgs(['--help'])).toEqual({ ok: true, letters: [], dirs: [] });
    expect(parseSvcArgs(['-u', '--x', '-d', 'y'])).toEqual({ ok: true, letters: ['u'], dirs: ['-d', 'y'] });
  });

  it('reports the first unknown option character', () => {
    expect(parseSvcArgs(['-uz', 'x'])).toEqual({ ok: false, illegal: 'z' });
    expect(parseSvcArgs(['-u', '-w'])).toEqual({ ok: false, illegal: 'w' });
    expect(parseSvcArgs(['-?'])).toEqual({ ok: false, illegal: '?' });
  });

  it('can be limited to the 0.76 letters', () => {
    expect(parseSvcArgs(['-q'], [...'udopchaitkx'])).toEqual({ ok: false, illegal: 'q' });
  });

  it('carries 0.76\'s option summary byte for byte', () => {
    expect(SVC_USAGE).toBe(
      'svc options: u up, d down, o once, x exit, p pause, c continue, h hup, a alarm, i interrupt, t term, k kill',
    );
  });
});
