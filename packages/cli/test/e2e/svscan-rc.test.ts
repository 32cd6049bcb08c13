// svscan.rc run the way init runs it (`respawn` in /etc/inittab): `svscan.rc start DIR` clears what a
// previous svscan left and becomes svscan in the foreground (same pid); when it dies it is started again.
// The tree's services are never doubled; `svscan.rc stop DIR` ends it all, silently.
import { afterEach, describe, expect, it } from '@jest/globals';
import { type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { addService, copiesIn, expectNothingLost, settled, talkerAndQuiet } from './helpers/orphan-tree.js';
import { waitFor } from '@dt/test-support';
import { newRoot, reap, roots, startBin } from './helpers/scan-tree.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const RC = join(HERE, '..', '..', 'dist', 'bin', 'svscan.rc.js');

afterEach(async () => {
  for (const r of roots) await execa(process.execPath, [RC, 'stop', r], { reject: false, timeout: 30_000 });
  await reap();
});

/** init's respawn: start `svscan.rc start root` and return it. */
function respawn(root: string): ChildProcess {
  return startBin('svscan.rc.js', ['start', root]);
}

describe('svscan.rc under init (respawn)', () => {
  it('execs svscan in the foreground; restarted after each death, it never doubles a service; stop ends all, silently', async () => {
    const root = newRoot('dt-svscan-rc-');
    const { talker, quiet, dirs } = talkerAndQuiet(root);
    for (let round = 0; round < 4; round++) {
      const init = respawn(root);
      // the pid init started is svscan itself (exec'd, not forked)
      await settled(dirs, init.pid!);
      const argv = readFileSync(`/proc/${init.pid}/cmdline`, 'latin1');
      expect(argv).toMatch(/svscan\.js\0/);
      await waitFor('log growing', () => readFileSync(join(talker, 'log', 'out')).length > 1000);
      if (round < 3) {
        init.kill('SIGKILL');
        await new Promise((r) => init.once('exit', r));
        continue;
      }
      const exited = new Promise((r) => init.once('exit', (code) => r(code)));
      const stop = await execa(process.execPath, [RC, 'stop', root], { reject: false });
      expect({ code: stop.exitCode, out: stop.stdout, err: stop.stderr }).toEqual({ code: 0, out: '', err: '' });
      expect(await exited).toBe(0);
    }
    for (const d of dirs) expect(copiesIn(d)).toEqual([]);
    expect(expectNothingLost(talker)).toBe(4);
  }, 120_000);

  it('usage, and a second start refused while svscan runs', async () => {
    const usage = await execa(process.execPath, [RC, 'restart'], { reject: false });
    expect({ code: usage.exitCode, err: usage.stderr }).toEqual({ code: 100, err: 'svscan.rc: usage: svscan.rc start|stop [dir]' });
    const root = newRoot('dt-svscan-rc-');
    const quiet = addService(root, 'quiet', 'run-sleep');
    const init = respawn(root);
    await settled([quiet], init.pid!);
    const again = await execa(process.execPath, [RC, 'start', root], { reject: false });
    expect(again.exitCode).toBe(111);
    expect(again.stderr).toBe(`svscan.rc: fatal: svscan already running in ${root} (pid ${init.pid})`);
  }, 60_000);
});
