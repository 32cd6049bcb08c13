// svscanboot (dist/bin/svscanboot.js DIR): clears a supervise left over from an earlier svscan with
// svc -dx, runs our svscan with its errors piped into readproctitle (visible in ps), and on SIGTERM lets
// svscan stop the tree in order.
import { afterEach, describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { waitFor } from '@dt/test-support';
import { real } from './helpers/real-supervise.js';
import { install, pidOf, procs, reap, roots } from './helpers/scan-tree.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const SVSCANBOOT = join(HERE, '..', '..', 'dist', 'bin', 'svscanboot.js');
afterEach(reap);

function childrenOf(ppid: number): Array<{ pid: number; cmd: string }> {
  const out: Array<{ pid: number; cmd: string }> = [];
  for (const e of readdirSync('/proc')) {
    if (!/^\d+$/.test(e)) continue;
    try {
      const stat = readFileSync(`/proc/${e}/stat`, 'latin1');
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) !== ppid) continue;
      out.push({ pid: Number(e), cmd: readFileSync(`/proc/${e}/cmdline`, 'latin1') });
    } catch {
      // gone
    }
  }
  return out;
}

describe('svscanboot', () => {
  it('clears leftovers, shows svscan errors through readproctitle, stops the tree on SIGTERM', async () => {
    if (!existsSync(SVSCANBOOT)) throw new Error(`${SVSCANBOOT} is missing: build the CLI first`);
    const root = mkdtempSync(join(tmpdir(), 'dt-svscanboot-'));
    roots.push(root);
    const dir = join(root, 'a');
    mkdirSync(dir);
    install('run-sleep', join(dir, 'run'));
    symlinkSync(join(root, 'nowhere'), join(root, 'dangling'));
    // a supervise left over from an earlier svscan
    const left = spawn(real('supervise'), [dir], { stdio: 'ignore' });
    procs.push(left);
    const leftChild = await waitFor('leftover service', () => pidOf(dir) || undefined);

    const boot = spawn(process.execPath, [SVSCANBOOT, root], { stdio: 'ignore' });
    procs.push(boot);
    await waitFor('leftover supervise gone', () => left.exitCode !== null);
    const ours = await waitFor('service under our svscan', () => {
      const p = pidOf(dir);
      return p !== 0 && p !== leftChild ? p : undefined;
    });
    const title = await waitFor('readproctitle', () => childrenOf(boot.pid!).find((c) => c.cmd.startsWith('readproctitle ')));
    expect(title.cmd.startsWith('readproctitle service errors: ...')).toBe(true);
    await waitFor('the warning in the title', () =>
      readFileSync(`/proc/${title.pid}/cmdline`, 'latin1').includes('svscan: warning: unable to stat dangling: file does not exist'),
    );
    const svscan = childrenOf(boot.pid!).find((c) => c.cmd.includes('svscan.js'))!;
    expect(svscan.cmd.split('\0').slice(-3)).toEqual([expect.stringMatching(/\/svscan\.js$/), root, '']);
    // env - PATH=$PATH svscan: the services see PATH and nothing else (but the PWD their /bin/sh run adds)
    expect(readFileSync(`/proc/${ours}/environ`, 'latin1').split('\0').filter(Boolean)).toEqual([
      'PATH=/command:/usr/local/bin:/usr/local/sbin:/bin:/sbin:/usr/bin:/usr/sbin:/usr/X11R6/bin',
      `PWD=${dir}`,
    ]);

    boot.kill('SIGTERM');
    const code = await new Promise((r) => boot.once('exit', (c) => r(c)));
    expect(code).toBe(0);
    expect(() => process.kill(ours, 0)).toThrow();
  });
});
