import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { collectChild, reapChild } from '../src/reaper.js';
import { spawnProgram } from '../src/spawn.js';

const stateOf = (pid: number) => readFileSync(`/proc/${pid}/stat`, 'latin1').split(') ')[1]![0];

describe('reapChild', () => {
  it('reaps an ended child without waiting, and says nothing of a running one or a stranger', async () => {
    const r = spawnProgram('sh', ['sh', '-c', 'exit 4']);
    if (!('pid' in r)) throw new Error(`spawn failed: ${r.errno}`);
    const deadline = Date.now() + 5000;
    while (stateOf(r.pid) !== 'Z') {
      if (Date.now() > deadline) throw new Error('child never ended');
      await new Promise((res) => setTimeout(res, 10));
    }
    expect(reapChild(r.pid)).toEqual({ exited: true, code: 4 });
    expect(reapChild(r.pid)).toBeUndefined();
    expect(reapChild(1)).toBeUndefined();
  });

  it('collectChild: running, then the status, then gone', async () => {
    const r = spawnProgram('sleep', ['sleep', '100']);
    if (!('pid' in r)) throw new Error(`spawn failed: ${r.errno}`);
    expect(collectChild(r.pid)).toBe('running');
    process.kill(r.pid, 'SIGUSR1');
    const deadline = Date.now() + 5000;
    let s = collectChild(r.pid);
    while (s === 'running') {
      if (Date.now() > deadline) throw new Error('child never ended');
      await new Promise((res) => setTimeout(res, 10));
      s = collectChild(r.pid);
    }
    expect(s).toEqual({ exited: false, signal: 10 });
    expect(collectChild(r.pid)).toBe('gone');
  });
});
