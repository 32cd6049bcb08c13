import { describe, expect, it } from '@jest/globals';
import { execFileSync, spawn } from 'node:child_process';
import { join } from 'node:path';
import { childrenOfSelf } from '../src/orphan-reaper.js';
import { FIXTURES as SUPERVISOR_FIXTURES } from './supervisor-helpers.js';

const CHILD = join(SUPERVISOR_FIXTURES, '..', 'scanner', 'reaper-child.mjs');

describe('startOrphanReaper', () => {
  it('as a subreaper, reaps orphans re-parented to it and leaves its own children to child_process', () => {
    // in a process of its own: being a subreaper would change the test runner for every later test
    const out = execFileSync(process.execPath, [CHILD], { encoding: 'utf8', timeout: 20_000 });
    expect(JSON.parse(out)).toEqual({ ownExit: 7, reaped: 20, zombies: 0 });
  });

  it('lists this process’s children', async () => {
    const child = spawn('sleep', ['100']);
    try {
      expect(childrenOfSelf()).toContain(child.pid);
    } finally {
      child.kill('SIGKILL');
      await new Promise((r) => child.once('exit', r));
    }
    expect(childrenOfSelf()).not.toContain(child.pid);
  });
});
