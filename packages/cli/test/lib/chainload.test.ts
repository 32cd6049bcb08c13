import { afterAll, describe, expect, it } from '@jest/globals';
import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getFdFlags, setCloexec } from '@dt/posix';
import { hideNodeStrayFds } from '../../src/lib/chainload.js';

// chainload() itself execs, so it is tested end to end (test/e2e/*.test.ts); this is its fd hygiene.
describe('hideNodeStrayFds', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dt-chainload-'));
  const saved = process.env.NODE_EXTRA_CA_CERTS;
  afterAll(() => {
    if (saved === undefined) delete process.env.NODE_EXTRA_CA_CERTS;
    else process.env.NODE_EXTRA_CA_CERTS = saved;
    rmSync(dir, { recursive: true, force: true });
  });

  it('marks an inheritable fd on the NODE_EXTRA_CA_CERTS file close-on-exec and reports it', () => {
    const certs = join(dir, 'certs.pem');
    writeFileSync(certs, '');
    const other = join(dir, 'other');
    writeFileSync(other, '');
    const fd = openSync(certs, 'r');
    const keep = openSync(other, 'r');
    try {
      setCloexec(fd, false); // as OpenSSL's fopen leaves it
      setCloexec(keep, false);
      process.env.NODE_EXTRA_CA_CERTS = certs;
      const stray = hideNodeStrayFds();
      expect(stray.has(fd)).toBe(true);
      expect(getFdFlags(fd).cloexec).toBe(true);
      expect(stray.has(keep)).toBe(false);
      expect(getFdFlags(keep).cloexec).toBe(false);
    } finally {
      closeSync(fd);
      closeSync(keep);
    }
  });

  it('does nothing without NODE_EXTRA_CA_CERTS', () => {
    delete process.env.NODE_EXTRA_CA_CERTS;
    expect(hideNodeStrayFds().size).toBe(0);
  });
});
