import { describe, expect, it } from '@jest/globals';
import { applyEnvChanges, currentEnviron } from '../../src/lib/chainload-env.js';

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
    expect(currentEnviron({ X: '1', Y: undefined, Z: 'a=b' })).toEqual(['X=1', 'Z=a=b']);
  });
});
