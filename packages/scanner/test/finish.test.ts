import { afterEach, describe, expect, it } from '@jest/globals';
import { chmodSync, copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { readStatusFile } from '@dt/supervise-protocol';
import { finishArgs, hasFinish, readFinishTimeout } from '../src/finish.js';
import { Harness, nextEvent } from './supervisor-harness.js';
import { FIXTURES, readLines, waitFor } from './supervisor-helpers.js';

const h = new Harness();
afterEach(() => h.cleanup());

function addFinish(dir: string, fixture: string, mode = 0o755): void {
  copyFileSync(join(FIXTURES, fixture), join(dir, 'finish'));
  chmodSync(join(dir, 'finish'), mode);
}

describe('finish helpers', () => {
  it('s6 arguments: the exit code, or 256 and the signal number', () => {
    expect(finishArgs(0, null)).toEqual(['0', '0']);
    expect(finishArgs(3, null)).toEqual(['3', '0']);
    expect(finishArgs(null, 'SIGTERM')).toEqual(['256', '15']);
    expect(finishArgs(null, 'SIGKILL')).toEqual(['256', '9']);
  });

  it('finish must be an executable file; timeout-finish in ms, 5000 by default', () => {
    const dir = h.service(undefined);
    expect(hasFinish(dir)).toBe(false);
    addFinish(dir, 'finish-record', 0o644);
    expect(hasFinish(dir)).toBe(false);
    chmodSync(join(dir, 'finish'), 0o755);
    expect(hasFinish(dir)).toBe(true);
    expect(readFinishTimeout(dir)).toBe(5000);
    writeFileSync(join(dir, 'timeout-finish'), '250\n');
    expect(readFinishTimeout(dir)).toBe(250);
  });
});

describe('Supervisor runs ./finish after each exit, before the restart', () => {
  it('with the exit code and signal as arguments', async () => {
    const dir = h.service('run-exit');
    writeFileSync(join(dir, 'code'), '3\n');
    addFinish(dir, 'finish-record');
    const s = h.supervise(dir);
    const order: string[] = [];
    s.on('start', () => order.push('start'));
    s.on('exit', () => order.push('exit'));
    s.on('finish', () => order.push('finish'));
    await s.start();
    await waitFor('two finishes', () => order.length >= 6, 15_000);
    expect(readLines(join(dir, 'finished')).slice(0, 2)).toEqual(['finish 2 3 0', 'finish 2 3 0']);
    expect(order.slice(0, 6)).toEqual(['start', 'exit', 'finish', 'start', 'exit', 'finish']);
  });

  it('after a kill: 256 and the signal number; the service is down meanwhile', async () => {
    const dir = h.service('run-sleep');
    addFinish(dir, 'finish-record');
    const { s } = await h.up(dir);
    const finished = nextEvent(s, 'finish');
    s.control('k');
    expect(await finished).toEqual([{ code: 0, signal: null, timedOut: false }]);
    expect(readLines(join(dir, 'finished'))).toEqual(['finish 2 256 9']);
  });

  it('is killed when it outlives timeout-finish, then the service restarts', async () => {
    const dir = h.service('run-sleep');
    addFinish(dir, 'finish-hang');
    writeFileSync(join(dir, 'timeout-finish'), '1500\n');
    const warnings: string[] = [];
    const { s } = await h.up(dir, warnings);
    const finished = nextEvent(s, 'finish');
    const restarted = nextEvent(s, 'start');
    const t0 = performance.now();
    s.control('t');
    await waitFor('finish running', () => readLines(join(dir, 'finished')).length === 1);
    expect(s.isFinishing).toBe(true);
    expect(readStatusFile(dir).pid).toBe(0);
    // a u meanwhile does not start a second copy before finish ended
    s.control('u');
    expect(s.pid).toBe(0);
    expect(await finished).toEqual([{ code: null, signal: 'SIGKILL', timedOut: true }]);
    await restarted;
    expect(performance.now() - t0).toBeGreaterThanOrEqual(1450);
    expect(warnings).toEqual([`supervise: warning: ${dir}/finish timed out, killed`]);
  });

  it('x after the exit waits for finish, then done', async () => {
    const dir = h.service('run-sleep');
    addFinish(dir, 'finish-hang');
    writeFileSync(join(dir, 'timeout-finish'), '300');
    const { s } = await h.up(dir);
    const done = nextEvent(s, 'done');
    const finished = nextEvent(s, 'finish');
    s.control('dx');
    await finished;
    await done;
    expect(s.isDone).toBe(true);
    expect(readLines(join(dir, 'finished'))).toEqual(['finish 2 256 15']);
  });
});
