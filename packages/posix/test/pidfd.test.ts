import { describe, expect, it } from '@jest/globals';
import { closeSync } from 'node:fs';
import { pidfdExited, pidfdOpen, pidfdSendSignal } from '../src/pidfd.js';
import { spawnProgram, waitpid } from '../src/spawn.js';

async function until(cond: () => boolean, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error('deadline passed');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('pidfd', () => {
  it('signals the process through the fd and sees it exit', async () => {
    const r = spawnProgram('sleep', ['sleep', '100']);
    if (!('pid' in r)) throw new Error(`spawn failed: ${r.errno}`);
    const fd = pidfdOpen(r.pid);
    try {
      expect(pidfdExited(fd)).toBe(false);
      expect(pidfdSendSignal(fd, 'SIGTERM')).toBe(true);
      await until(() => pidfdExited(fd), 5000);
      expect(waitpid(r.pid)).toEqual({ exited: false, signal: 15 });
      // reaped: the fd still names that process, never a later one with its pid
      expect(pidfdSendSignal(fd, 0)).toBe(false);
    } finally {
      closeSync(fd);
    }
  });

  it('fails with ESRCH for a pid that does not exist', () => {
    expect(() => pidfdOpen(2 ** 22 + 1)).toThrow(expect.objectContaining({ code: 'ESRCH' }));
  });
});
