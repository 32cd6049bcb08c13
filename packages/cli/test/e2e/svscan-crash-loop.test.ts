// The crash-loop policy end to end (issue 12): a service that dies at once is restarted once a second at
// first, then at growing intervals, reported failing by dt status while svstat still reads as 0.76 would;
// svc -u retries it at once. And a scanner SIGSTOPped meanwhile a second svscan is started: no copy doubles.
import { afterEach, describe, expect, it } from '@jest/globals';
import { type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { readSidecarFile, readStatusFile, sendControl } from '@dt/supervise-protocol';
import { addService, copiesIn, settled, talkerAndQuiet, track } from './helpers/orphan-tree.js';
import { waitFor } from '@dt/test-support';
import { real } from './helpers/real-supervise.js';
import { newRoot, reap, startBin } from './helpers/scan-tree.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const BIN = join(HERE, '..', '..', 'dist', 'bin');

afterEach(reap);

const svscan = (root: string): ChildProcess => startBin('svscan.js', [root]);

const startsOf = (dir: string): number[] =>
  readFileSync(join(dir, 'starts'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map(Number);

describe('crash-loop policy', () => {
  it('one start a second, then growing intervals; failing in dt status, svstat as 0.76; svc -u at once', async () => {
    const root = newRoot('dt-crashloop-');
    const dir = addService(root, 'crasher', 'run-crash', { files: { 'dt-crash-burst': '3\n' } });
    svscan(root);
    await waitFor('five starts', () => startsOf(dir).length >= 5, 30_000);
    const t = startsOf(dir);
    const gaps = t.slice(1).map((v, i) => v - t[i]!);
    // 0.76's pace for the first restarts (1 s each), then the back-off (2 s, 4 s). The times are taken by
    // the script, so each carries its start-up's jitter: the bounds are loose.
    expect(gaps[0]! + gaps[1]!).toBeGreaterThanOrEqual(1500);
    expect(gaps[2]).toBeGreaterThanOrEqual(1500);
    expect(gaps[3]).toBeGreaterThanOrEqual(3000);
    const side = await waitFor('failing', () => {
      const s = readSidecarFile(dir);
      return s?.failing && s.nextStartAt ? s : undefined;
    });
    const status = await execa(process.execPath, [join(BIN, 'dt.js'), 'status', '--json', dir], { reject: false });
    expect(JSON.parse(status.stdout)).toMatchObject({ state: 'down', want: 'up', failing: true, lastExit: { code: 1 } });
    expect(readStatusFile(dir)).toMatchObject({ pid: 0, want: 'up' });
    // svc -u (the real one): tried again now, not at nextStartAt
    const before = startsOf(dir).length;
    execa(real('svc'), ['-u', dir]);
    await waitFor('a start after svc -u', () => startsOf(dir).length > before);
    expect(startsOf(dir)[before]!).toBeLessThan(Date.parse(side.nextStartAt!));
  }, 60_000);
});

describe('svscan SIGSTOPped', () => {
  it('a second svscan meanwhile starts no copy; continued, the first goes on supervising', async () => {
    const root = newRoot('dt-sigstop-');
    const { quiet, dirs } = talkerAndQuiet(root);
    const first = svscan(root);
    const up = await settled(dirs, first.pid!);
    process.kill(first.pid!, 'SIGSTOP');
    try {
      const second = svscan(root);
      // its supervisors find every lock held (the stopped svscan lives): nothing else may start
      await waitFor('the second svscan running', () => readFileSync(`/proc/${second.pid}/status`, 'latin1').includes('State:'));
      for (let i = 0; i < 20; i++) {
        for (const d of dirs) expect(copiesIn(d)).toEqual([up.get(d)]);
        await new Promise((r) => setTimeout(r, 100));
      }
      second.kill('SIGKILL');
      await new Promise((r) => second.once('exit', r));
    } finally {
      process.kill(first.pid!, 'SIGCONT');
    }
    const quietPid = up.get(quiet)!;
    await sendControl(quiet, 't');
    await waitFor('quiet restarted by the first', () => readStatusFile(quiet).pid !== quietPid && readStatusFile(quiet).pid > 0);
    track(readStatusFile(quiet).pid);
    await settled(dirs, first.pid!);
  }, 60_000);
});
