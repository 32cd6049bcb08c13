import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { getpwnam } from '../src/passwd.js';

describe('getpwnam', () => {
  it('reads root and nobody as /etc/passwd has them', () => {
    for (const name of ['root', 'nobody']) {
      const line = readFileSync('/etc/passwd', 'utf8')
        .split('\n')
        .find((l) => l.startsWith(`${name}:`));
      if (line === undefined) throw new Error(`/etc/passwd has no ${name}`);
      const [, , uid, gid, , dir, shell] = line.split(':');
      expect(getpwnam(name)).toEqual({ name, uid: Number(uid), gid: Number(gid), dir, shell });
    }
  });

  it('is undefined for an unknown account', () => {
    expect(getpwnam('dt-no-such-user')).toBeUndefined();
    expect(getpwnam('')).toBeUndefined();
  });
});
