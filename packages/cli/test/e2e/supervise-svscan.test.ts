// The real /usr/bin/svscan runs our supervise: svscan starts `supervise NAME` (and `supervise log` in
// NAME) by PATH lookup, so a directory first in PATH holds a `supervise` wrapper that execs ours. The
// service's output must reach its logger through svscan's pipe, and the real svc/svok must drive both.
import { afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { type ChildProcess, spawn } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { childrenOf, SUPERVISOR_FIXTURES as FIXTURES, isAlive, makeService, procState, readLines, waitFor } from '@dt/test-support';
import { SUPERVISE_JS, useSuperviseTest } from './supervisor-e2e-helpers.js';

const { janitor, roots } = useSuperviseTest('/usr/bin/svscan', '/usr/bin/svc', '/usr/bin/svok', '/usr/bin/svstat');


function cmdline(pid: number): string[] {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
  } catch {
    return [];
  }
}

describe('the real svscan runs our supervise', () => {
  it('starts service and logger under our supervise, with the service piped into the logger', async () => {
    const bin = mkdtempSync(join(tmpdir(), 'dt-supervise-bin-'));
    roots.push(bin);
    writeFileSync(join(bin, 'supervise'), `#!/bin/sh\nexec '${process.execPath}' '${SUPERVISE_JS}' "$@"\n`);
    chmodSync(join(bin, 'supervise'), 0o755);
    const { root: scandir, dir } = makeService('run-hello', { name: 'a' });
    roots.push(scandir);
    mkdirSync(join(dir, 'log'));
    copyFileSync(join(FIXTURES, 'log-run-cat'), join(dir, 'log', 'run'));
    chmodSync(join(dir, 'log', 'run'), 0o755);

    const svscan: ChildProcess = spawn('/usr/bin/svscan', [scandir], {
      env: { ...process.env, PATH: `${bin}:/usr/bin:/bin` },
      stdio: 'ignore',
    });
    janitor.add(svscan.pid);

    const out = join(dir, 'log', 'out');
    const line = await waitFor('the service line in the logger', () => readLines(out)[0], 15_000);
    expect(line).toMatch(/^hello from \d+$/);

    // both supervise processes under svscan are ours (node running dist/bin/supervise.js)
    const sups = await waitFor('two supervise children', () => {
      const c = childrenOf(svscan.pid!);
      return c.length === 2 ? c : undefined;
    });
    const args = sups.map((pid) => cmdline(pid).slice(1)).sort((x, y) => x.join(' ').localeCompare(y.join(' ')));
    expect(args).toEqual([
      [SUPERVISE_JS, 'a'],
      [SUPERVISE_JS, 'log'],
    ]);

    for (const d of [dir, join(dir, 'log')]) {
      expect((await execa('/usr/bin/svok', [d], { reject: false })).exitCode).toBe(0);
      expect((await execa('/usr/bin/svstat', [d])).stdout).toMatch(new RegExp(`^${d}: up \\(pid \\d+\\) \\d+ seconds$`));
    }

    // svc -t restarts the service; its new line arrives through the same pipe
    await execa('/usr/bin/svc', ['-t', dir]);
    await waitFor('second line', () => readLines(out).length === 2, 15_000);
    expect(readLines(out)[1]).toMatch(/^hello from \d+$/);

    // orderly stop: svscan first, then service and logger told -dx; both supervise processes exit
    svscan.kill('SIGKILL');
    await execa('/usr/bin/svc', ['-dx', dir]);
    await execa('/usr/bin/svc', ['-dx', join(dir, 'log')]);
    await waitFor('supervise processes gone', () => sups.every((pid) => !isAlive(pid) || procState(pid) === 'Z'));
    for (const d of [dir, join(dir, 'log')]) {
      expect((await execa('/usr/bin/svok', [d], { reject: false })).exitCode).toBe(100);
    }
  });
});
