// The non-blocking driver (paced-queue.ts) on its own with scripted steps and an injected timer, and a
// nonBlocking Logger against a blocking one: same files from the same input, the thread free meanwhile.
import { afterEach, describe, expect, it } from '@jest/globals';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { waitFor } from '@dt/test-support';
import { Logger, openLogger } from '../src/logger.js';
import { PacedQueue } from '../src/paced-queue.js';
import { Retrier } from '../src/retry.js';
import { runSync } from '../src/run-sync.js';
import { retrying, type Steps } from '../src/steps.js';

const dirs: string[] = [];
const loggers: Logger[] = [];
afterEach(() => {
  for (const l of loggers.splice(0)) l.abandon();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function work(): string {
  const d = mkdtempSync(join(tmpdir(), 'dt-paced-'));
  dirs.push(d);
  return d;
}

/** A timer the test fires by hand. */
function manualTimers() {
  const due: { fn: () => void; ms: number }[] = [];
  return {
    due,
    setTimer: (fn: () => void, ms: number) => {
      due.push({ fn, ms });
      return due.length;
    },
    clearTimer: () => {
      due.length = 0;
    },
    fire() {
      const t = due.shift()!;
      t.fn();
      return t.ms;
    },
  };
}

describe('PacedQueue', () => {
  it('a failing step warns, waits for its pause without blocking, and work after it keeps its order', () => {
    const warnings: string[] = [];
    const r = new Retrier({ onWarning: (w) => warnings.push(w), pauseMs: 5000 });
    const timers = manualTimers();
    const q = new PacedQueue({ pauseMs: 5000, onError: (e) => { throw e; }, ...timers });
    const done: string[] = [];
    let fails = 2;
    let detached = 0;
    const flaky = function* (): Steps {
      yield* retrying(r, 'unable to write to ./main/current', () => {
        if (fails-- > 0) throw Object.assign(new Error('x'), { code: 'ENOSPC' });
      });
      done.push('first');
    };
    q.run({ steps: flaky(), detach: () => detached++ });
    expect(q.idle).toBe(false);
    expect(detached).toBe(1); // it waits: it must own its data
    q.run({ steps: (function* (): Steps { done.push('second'); })(), detach: () => detached++ });
    expect(detached).toBe(2); // queued behind it
    let idle = false;
    q.whenIdle(() => (idle = true));
    expect(warnings).toEqual(['unable to write to ./main/current, pausing: out of disk space']);
    expect(done).toEqual([]);
    expect(timers.fire()).toBe(5000);
    expect(warnings.length).toBe(2);
    expect(timers.fire()).toBe(5000);
    expect(done).toEqual(['first', 'second']);
    expect(idle).toBe(true);
    expect(q.idle).toBe(true);
  });

  it('an op that needs no wait runs at once on the caller stack, without a copy', () => {
    const q = new PacedQueue({ pauseMs: 5000, onError: (e) => { throw e; } });
    let ran = false;
    let detached = false;
    q.run({ steps: (function* (): Steps { ran = true; })(), detach: () => (detached = true) });
    expect(ran).toBe(true);
    expect(detached).toBe(false);
  });

  it('cancel drops the queue and runs the waiting steps\' finally blocks', () => {
    const r = new Retrier({ onWarning: () => {}, pauseMs: 5000 });
    const timers = manualTimers();
    const q = new PacedQueue({ pauseMs: 5000, onError: (e) => { throw e; }, ...timers });
    let closed = false;
    q.run({
      steps: (function* (): Steps {
        try {
          yield* retrying(r, 'x', () => {
            throw new Error('always');
          });
        } finally {
          closed = true;
        }
      })(),
    });
    q.cancel();
    expect(closed).toBe(true);
    expect(q.idle).toBe(true);
    expect(timers.due).toEqual([]);
  });

  it('runSync drives the same steps blocking, as 0.76', () => {
    const warnings: string[] = [];
    const r = new Retrier({ onWarning: (w) => warnings.push(w), pauseMs: 1 });
    let fails = 1;
    const v = runSync(
      retrying(r, 'unable to create ./main/current', () => {
        if (fails-- > 0) throw Object.assign(new Error('x'), { code: 'EACCES' });
        return 7;
      }),
      1,
    );
    expect(v).toBe(7);
    expect(warnings).toEqual(['unable to create ./main/current, pausing: access denied']);
  });
});

describe('Logger, nonBlocking', () => {
  const lines = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_x, i) => `line ${from + i} ${'q'.repeat((from + i) % 50)}\n`).join('');
  const listing = (d: string) =>
    readdirSync(d)
      .sort()
      .map((n) => `${n.startsWith('@') ? `@${n.slice(25)}` : n} ${(statSync(join(d, n)).mode & 0o777).toString(8)} ${statSync(join(d, n)).size}`);
  const contents = (d: string) =>
    readdirSync(d)
      .filter((n) => n.startsWith('@'))
      .sort()
      .map((n) => readFileSync(join(d, n), 'latin1'));

  it('a processor runs as a child while the thread goes on; the files are what the blocking logger writes', async () => {
    const cwd = work();
    const gate = join(cwd, 'gate');
    const processor = `while [ ! -e ${gate} ]; do sleep 0.02; done; tr a-z A-Z; printf "%s+" "$(cat <&4)" >&5`;
    writeFileSync(gate, '');
    const blocking = openLogger({ dir: 'blocking', cwd, size: 4096, num: 50, processor });
    loggers.push(blocking);
    blocking.write(lines(1, 400));
    blocking.close();
    rmSync(gate);

    const paced = openLogger({ dir: 'paced', cwd, size: 4096, num: 50, processor, nonBlocking: true });
    loggers.push(paced);
    paced.write(lines(1, 400));
    expect(paced.busy).toBe(true); // the first rotation's processor waits for the gate
    // the event loop is free meanwhile: a timer fires, the processor is a running child
    await waitFor('previous being processed', () => existsSync(join(cwd, 'paced', 'previous')));
    let ticked = false;
    setTimeout(() => (ticked = true), 1);
    await waitFor('a timer while it runs', () => ticked);
    expect(paced.busy).toBe(true);
    writeFileSync(gate, '');
    paced.close();
    await new Promise<void>((resolve) => paced.whenIdle(resolve));
    expect(listing(join(cwd, 'paced'))).toEqual(listing(join(cwd, 'blocking')));
    expect(contents(join(cwd, 'paced'))).toEqual(contents(join(cwd, 'blocking')));
    expect(readFileSync(join(cwd, 'paced', 'state'), 'latin1')).toBe(readFileSync(join(cwd, 'blocking', 'state'), 'latin1'));
    expect(contents(join(cwd, 'paced')).join('')).toBe(lines(1, 400).toUpperCase().slice(0, contents(join(cwd, 'paced')).join('').length));
  });
});
