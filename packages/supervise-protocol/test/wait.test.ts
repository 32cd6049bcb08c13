import { afterEach, describe, expect, it } from '@jest/globals';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ServiceDirError } from '../src/errors.js';
import { cleanUp, serviceDir as makeServiceDir, startSupervise } from '@dt/test-support';
import { serviceState } from './helpers.js';
import { describeState, hasReached, reachedSinceMs, WaitAbortError, WaitExitError, WaitTimeoutError, waitForService } from '../src/wait.js';

/** Long enough that only fs.watch can wake the waiter in time: proves waiting is event-driven. */
const NO_POLL = 600_000;

afterEach(cleanUp);

const serviceDir = (files: Record<string, string> = {}) => makeServiceDir('dt-wait-', '#!/bin/sh\nexec sleep 1000\n', files);

const state = serviceState;

describe('hasReached and describeState', () => {
  it('up needs a pid, ready needs readiness, down is no pid', () => {
    const down = state({});
    const up = state({ pid: 5, up: true });
    const ready = state({ pid: 5, up: true, ready: true });
    expect([hasReached(down, 'up'), hasReached(up, 'up'), hasReached(ready, 'up')]).toEqual([false, true, true]);
    expect([hasReached(down, 'ready'), hasReached(up, 'ready'), hasReached(ready, 'ready')]).toEqual([false, false, true]);
    expect([hasReached(down, 'down'), hasReached(up, 'down'), hasReached(ready, 'down')]).toEqual([true, false, false]);
  });

  it('does not count the pid given as notPid for up and ready', () => {
    const ready = state({ pid: 5, up: true, ready: true });
    expect([hasReached(ready, 'up', 5), hasReached(ready, 'ready', 5), hasReached(ready, 'ready', 6)]).toEqual([false, false, true]);
    expect(hasReached(state({}), 'down', 0)).toBe(true);
  });

  it('describes states in words for timeout messages', () => {
    expect(describeState(undefined)).toBe('no state read');
    expect(describeState(state({ supervised: false }))).toBe('supervise not running');
    expect(describeState(state({}))).toBe('down');
    expect(describeState(state({ pid: 7, up: true }))).toBe('up (pid 7), not ready');
    expect(describeState(state({ pid: 7, up: true, ready: true }))).toBe('up (pid 7), ready');
  });
});

describe('waitForService', () => {
  it('waits for a supervisor that starts after the wait began, woken by fs.watch alone', async () => {
    const d = serviceDir();
    const waiting = waitForService(d, 'up', { timeout: 20000, pollInterval: NO_POLL });
    startSupervise(d);
    const s = await waiting;
    expect(s.up).toBe(true);
    expect(s.pid).toBeGreaterThan(0);
  });

  it('resolves at once when the state is already reached', async () => {
    const d = serviceDir();
    const s = await waitForService(d, 'down', { timeout: 10000, pollInterval: NO_POLL });
    expect(s.supervised).toBe(false);
    expect(s.up).toBe(false);
  });

  it('waits for ready when the sidecar says so (pid matching), woken by the sidecar rename', async () => {
    const d = serviceDir({ 'notification-fd': '3' });
    startSupervise(d);
    const up = await waitForService(d, 'up', { timeout: 10000 });
    expect(up.ready).toBe(false);
    const waiting = waitForService(d, 'ready', { timeout: 20000, pollInterval: NO_POLL });
    const sidecar = {
      version: 1,
      pid: up.pid,
      supervisorPid: process.pid,
      startedAt: new Date().toISOString(),
      ready: true,
      readyAt: new Date().toISOString(),
      restarts: 0,
      lastExit: null,
    };
    writeFileSync(join(d, 'supervise', 'dt-status.json.new'), JSON.stringify(sidecar));
    const { renameSync } = await import('node:fs');
    renameSync(join(d, 'supervise', 'dt-status.json.new'), join(d, 'supervise', 'dt-status.json'));
    const ready = await waiting;
    expect(ready.ready).toBe(true);
    expect(ready.sidecar?.readyAt).toBe(sidecar.readyAt);
  });

  it('waits for down after svc -d', async () => {
    const d = serviceDir();
    startSupervise(d);
    await waitForService(d, 'up', { timeout: 10000 });
    const waiting = waitForService(d, 'down', { timeout: 20000, pollInterval: NO_POLL });
    writeFileSync(join(d, 'supervise', 'control'), 'd');
    const s = await waiting;
    expect(s.up).toBe(false);
    expect(s.supervised).toBe(true);
    expect(s.status?.want).toBe('down');
  });

  it('notPid: after svc -t, waits for the new instance rather than resolving on the old one', async () => {
    const d = serviceDir();
    startSupervise(d);
    const first = await waitForService(d, 'up', { timeout: 10000 });
    writeFileSync(join(d, 'supervise', 'control'), 't');
    const second = await waitForService(d, 'ready', { timeout: 20000, notPid: first.pid });
    expect(second.up).toBe(true);
    expect(second.pid).not.toBe(first.pid);
  });

  it('timeout 0 is one look: resolves when already there, rejects otherwise', async () => {
    const d = serviceDir();
    await expect(waitForService(d, 'down', { timeout: 0 })).resolves.toMatchObject({ up: false });
    await expect(waitForService(d, 'up', { timeout: 0 })).rejects.toThrow(WaitTimeoutError);
  });

  it('rejects with WaitTimeoutError (name TimeoutError) carrying the last state', async () => {
    const d = serviceDir();
    const err = (await waitForService(d, 'up', { timeout: 100 }).catch((e: unknown) => e)) as WaitTimeoutError;
    expect(err).toBeInstanceOf(WaitTimeoutError);
    expect(err.name).toBe('TimeoutError');
    expect(err.code).toBe('DT_ERR_WAIT_TIMEOUT');
    expect(err.target).toBe('up');
    expect(err.dir).toBe(d);
    expect(err.last?.supervised).toBe(false);
    expect(err.message).toBe(`timed out after 100 ms waiting for ${d} to be up: supervise not running`);
  });

  it('rejects with an AbortError when the signal aborts, and at once when already aborted', async () => {
    const d = serviceDir();
    const ac = new AbortController();
    const waiting = waitForService(d, 'up', { signal: ac.signal });
    ac.abort(new Error('test is over'));
    const err = (await waiting.catch((e: unknown) => e)) as WaitAbortError;
    expect(err).toBeInstanceOf(WaitAbortError);
    expect(err.name).toBe('AbortError');
    expect(err.code).toBe('ABORT_ERR');
    expect((err.cause as Error).message).toBe('test is over');

    await expect(waitForService(d, 'up', { signal: AbortSignal.abort() })).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('rejects with the read error for a directory that does not exist', async () => {
    await expect(waitForService('/nonexistent/dt-wait', 'up', { timeout: 5000 })).rejects.toThrow(ServiceDirError);
  });
});

describe('waitForService minUptime and rejectOnExit', () => {
  it('resolves only once the same pid has been up for minUptime ms (counted from the status stamp)', async () => {
    const d = serviceDir();
    startSupervise(d);
    const st = await waitForService(d, 'up', { timeout: 20000, minUptime: 400 });
    expect(st.up).toBe(true);
    expect(Date.now() - reachedSinceMs(st, 'up')).toBeGreaterThanOrEqual(400);
    // already up long enough: a second wait resolves with the same pid
    await expect(waitForService(d, 'up', { timeout: 5000, minUptime: 100 })).resolves.toMatchObject({ pid: st.pid });
  });

  it('a service that keeps exiting never satisfies minUptime: the exit of the pid seen up rejects (WaitExitError)', async () => {
    const d = makeServiceDir('dt-wait-', '#!/bin/sh\nsleep 0.3\nexit 3\n');
    startSupervise(d);
    const err = await waitForService(d, 'up', { timeout: 20000, minUptime: 5000 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WaitExitError);
    expect(err).toMatchObject({ name: 'WaitExitError', code: 'DT_ERR_WAIT_EXITED', dir: d, target: 'up' });
    expect((err as WaitExitError).pid).toBeGreaterThan(0);
    expect((err as Error).message).toContain(`${d} exited while waiting for it to be up: pid ${(err as WaitExitError).pid}`);
  });

  it('without minUptime an exit is waited through unless rejectOnExit is asked for', async () => {
    const d = makeServiceDir('dt-wait-', '#!/bin/sh\nsleep 0.3\nexit 3\n', { 'notification-fd': '3\n' });
    startSupervise(d);
    // ready never comes (the real supervise writes no sidecar): a plain wait runs to its deadline...
    await expect(waitForService(d, 'ready', { timeout: 1500 })).rejects.toThrow(WaitTimeoutError);
    // ...while rejectOnExit stops at the first exit it sees
    await expect(waitForService(d, 'ready', { timeout: 20000, rejectOnExit: true })).rejects.toThrow(WaitExitError);
  });
});
