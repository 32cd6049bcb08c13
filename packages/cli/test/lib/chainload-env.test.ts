import { describe, expect, it } from '@jest/globals';
import { applyEnvChanges as applyBytes, currentEnviron, readEnviron } from '../../src/lib/chainload-env.js';

const applyEnvChanges = (...a: Parameters<typeof applyBytes>) => applyBytes(...a).map(String);

// daemontools 0.76 pathexec(): remove the first match by moving the last entry into its slot, then append.
describe('applyEnvChanges', () => {
  const base = ['B=1', 'HOME=h', 'A=0', 'C=2', 'PATH=/bin'];

  it('reproduces the order /usr/bin/envdir gives (checked by hand: HOME then A)', () => {
    expect(applyEnvChanges(base, [['HOME', 'y'], ['A', 'x']])).toEqual(['B=1', 'PATH=/bin', 'HOME=y', 'C=2', 'A=x']);
  });

  it('appends new variables and removes with undefined', () => {
    expect(applyEnvChanges(base, [['NEW', 'n']])).toEqual([...base, 'NEW=n']);
    expect(applyEnvChanges(base, [['B', undefined]])).toEqual(['PATH=/bin', 'HOME=h', 'A=0', 'C=2']);
    expect(applyEnvChanges(base, [['NOPE', undefined]])).toEqual(base);
  });

  it('matches whole names only, and removes only the first of duplicates', () => {
    expect(applyEnvChanges(['AB=1', 'A=2'], [['A', '3']])).toEqual(['AB=1', 'A=3']);
    expect(applyEnvChanges(['A=1', 'X=x', 'A=2'], [['A', undefined]])).toEqual(['A=2', 'X=x']);
  });

  it('splits a name containing = as C does', () => {
    expect(applyEnvChanges(['a=old', 'z=1'], [['a=b', 'v']])).toEqual(['z=1', 'a=b=v']);
    expect(applyEnvChanges(['a=old'], [['a=b', undefined]])).toEqual(['a=b']);
  });

  it('reads an environment object in order, dropping undefined', () => {
    expect(currentEnviron({ X: '1', Y: undefined, Z: 'a=b' }).map(String)).toEqual(['X=1', 'Z=a=b']);
  });

  it('keeps bytes that are not UTF-8, in names and values', () => {
    const odd = Buffer.from([0x41, 0xff, 0x3d, 0xfe]); // "A\xff=\xfe"
    const out = applyBytes([odd, 'B=1'], [[Buffer.from([0x41, 0xff]), Buffer.from([0x80])], ['C', Buffer.from([0xc3])]]);
    expect(out).toEqual([Buffer.from('B=1'), Buffer.from([0x41, 0xff, 0x3d, 0x80]), Buffer.from([0x43, 0x3d, 0xc3])]);
  });
});

describe('readEnviron', () => {
  it('is the environ this process started with, in order', () => {
    const mine = readEnviron().map(String);
    const path = mine.find((e) => e.startsWith('PATH='));
    expect(path).toBe(`PATH=${process.env.PATH}`);
    expect(mine.length).toBeGreaterThan(0);
  });
});
