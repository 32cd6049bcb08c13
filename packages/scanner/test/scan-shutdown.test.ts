import { describe, expect, it } from '@jest/globals';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDirs } from '@dt/test-support';
import { hasShutdownScript, runShutdownScript } from '../src/scan-shutdown.js';

const dir = tempDirs('dt-shutdown-');

describe('runShutdownScript', () => {
  it('runs an executable DIR/shutdown from DIR', async () => {
    const d = dir();
    writeFileSync(join(d, 'shutdown'), '#!/bin/sh\npwd > ran\n');
    chmodSync(join(d, 'shutdown'), 0o755);
    expect(hasShutdownScript(d)).toBe(true);
    await runShutdownScript(d, { stdout: 1, stderr: 2, timeoutMs: 10_000 });
    expect(readFileSync(join(d, 'ran'), 'utf8')).toBe(`${d}\n`);
  });

  it('ignores a shutdown file that is not executable, and a missing one', async () => {
    const d = dir();
    expect(hasShutdownScript(d)).toBe(false);
    writeFileSync(join(d, 'shutdown'), '#!/bin/sh\ntouch ran\n');
    chmodSync(join(d, 'shutdown'), 0o644);
    expect(hasShutdownScript(d)).toBe(false);
    await runShutdownScript(d, { stdout: 1, stderr: 2, timeoutMs: 10_000 });
    expect(existsSync(join(d, 'ran'))).toBe(false);
  });

  it('ends a script that outlives its time with TERM, and says so', async () => {
    const d = dir();
    writeFileSync(join(d, 'shutdown'), '#!/bin/sh\nexec sleep 100\n');
    chmodSync(join(d, 'shutdown'), 0o755);
    const warnings: string[] = [];
    await runShutdownScript(d, { stdout: 1, stderr: 2, timeoutMs: 200, onWarning: (w) => warnings.push(w) });
    expect(warnings).toEqual([`${d}/shutdown still running after 200 ms, sending TERM`]);
  });
});
