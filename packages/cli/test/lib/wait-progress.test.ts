// Progress while waiting: one line per thing not there yet after the first interval, again only when its
// state changes or `repeatMs` has passed; nothing for what has arrived.
import { afterEach, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { reportProgress } from '../../src/lib/wait-progress.js';
import { waitFor } from '../e2e/helpers/poll.js';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('reportProgress', () => {
  it('says what it waits for, with the elapsed time, once per state, again after repeatMs', async () => {
    const d = mkdtempSync(join(tmpdir(), 'dt-progress-'));
    dirs.push(d);
    let t = 0;
    const lines: string[] = [];
    const stop = reportProgress([{ name: 'redis', dir: d, target: 'ready' }, { name: 'gone', dir: d, target: 'down' }], {
      prog: 'dt wait',
      print: (l) => lines.push(l),
      intervalMs: 10,
      repeatMs: 5000,
      now: () => (t += 1000),
    });
    try {
      // `down` is reached (no supervisor: down); `ready` is not: supervise not running
      await waitFor('a first line', () => lines.length >= 1);
      expect(lines[0]).toMatch(/^dt wait: waiting for redis: supervise not running \(\d+\.0 s\)$/);
      await waitFor('a repeat after repeatMs', () => lines.length >= 2);
      expect(lines.every((l) => l.startsWith('dt wait: waiting for redis: supervise not running ('))).toBe(true);
    } finally {
      stop();
    }
  });
});
