import { afterEach, describe, expect, it } from '@jest/globals';
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findScanners, isSvscanCommand } from '../src/index.js';
import { waitFor } from './scan-helpers.js';

const procs: ChildProcess[] = [];
const roots: string[] = [];
afterEach(() => {
  for (const p of procs.splice(0)) p.kill('SIGKILL');
  for (const r of roots.splice(0)) rmSync(r, { recursive: true, force: true });
});

describe('isSvscanCommand', () => {
  it.each([
    [['svscan', '/etc/service'], true],
    [['/usr/bin/svscan'], true],
    [['/usr/bin/node', '/x/packages/cli/dist/bin/svscan.js', 'dir'], true],
    [['node', '/x/dist/bin/dt.js', 'svscan', 'dir'], true],
    [['/usr/bin/node', '--max-semi-space-size=1', '--single-threaded', '/x/bin/svscan.js', 'dir'], true],
    [['node', '/usr/local/bin/dt', 'svscan'], true],
    [['node', '/x/node_modules/.bin/svscan', 'dir'], true], // run by name after npm ci
    [['node', '/x/node_modules/.bin/svscanboot'], false],
    [['supervise', 'a'], false],
    [['node', '/x/dist/bin/dt.js', 'rc', 'stop'], false],
    [['readproctitle service errors: ...'], false],
  ])('%j → %s', (argv, want) => {
    expect(isSvscanCommand(argv)).toBe(want);
  });
});

describe('findScanners', () => {
  it('finds the real svscan by its current directory', async () => {
    if (!existsSync('/usr/bin/svscan')) throw new Error('/usr/bin/svscan is missing: install daemontools');
    const r = mkdtempSync(join(tmpdir(), 'dt-rc-find-'));
    roots.push(r);
    expect(findScanners(r)).toEqual([]);
    const p = spawn('/usr/bin/svscan', [r], { stdio: 'ignore' });
    procs.push(p);
    await waitFor('svscan found', () => findScanners(r).length > 0);
    expect(findScanners(r)).toEqual([p.pid]);
  });
});
