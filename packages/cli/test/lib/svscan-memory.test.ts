// svscan's housekeeping: a full GC (then malloc_trim) once after the start, then after an interval in which
// a ./run exited or a supervisor ended; nothing while the tree is quiet; nothing at all without --expose-gc.
import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { EventEmitter } from 'node:events';
import type { Scanner } from '@dt/scanner';
import { RSS_SLACK, startHousekeeping } from '../../src/lib/svscan-memory.js';

const g = globalThis as { gc?: (options?: unknown) => void };
const saved = g.gc;
afterEach(() => {
  jest.useRealTimers();
  if (saved === undefined) delete g.gc;
  else g.gc = saved;
});

describe('startHousekeeping', () => {
  it('collects once after the start and once after churn, not while quiet, and stops', () => {
    jest.useFakeTimers();
    let collections = 0;
    const options: unknown[] = [];
    g.gc = (o?: unknown) => {
      collections++;
      options.push(o);
    };
    const scanner = new EventEmitter();
    const stop = startHousekeeping(scanner as unknown as Scanner, 20, () => 50e6);
    try {
      jest.advanceTimersByTime(20); // the start-up's garbage
      expect(collections).toBe(1);
      // V8's last-resort GC: it also shrinks the young generation the start grew
      expect(options[0]).toEqual({ type: 'major', execution: 'sync', flavor: 'last-resort' });
      jest.advanceTimersByTime(60); // three intervals, nothing happened
      expect(collections).toBe(1);
      scanner.emit('exit', {});
      scanner.emit('exit', {});
      jest.advanceTimersByTime(60); // one collection for the interval's churn, none after
      expect(collections).toBe(2);
      scanner.emit('supervisor-done', '/x');
      jest.advanceTimersByTime(20);
      expect(collections).toBe(3);
      // after churn, a plain full GC (half the CPU of the last-resort one)
      expect(options.slice(1)).toEqual([undefined, undefined]);
      expect(scanner.listenerCount('exit')).toBe(1);
    } finally {
      stop();
    }
    expect(scanner.listenerCount('exit') + scanner.listenerCount('supervisor-done')).toBe(0);
  });

  it('goes back to a last-resort GC when the resident set grows past the slack, and settles on the new size', () => {
    jest.useFakeTimers();
    const options: unknown[] = [];
    let resident = 50e6;
    g.gc = (o?: unknown) => {
      options.push(o);
      if (o !== undefined) resident -= 1e6; // what the last-resort GC gives back
    };
    const scanner = new EventEmitter();
    const stop = startHousekeeping(scanner as unknown as Scanner, 20, () => resident);
    const churn = (): void => {
      scanner.emit('exit', {});
      jest.advanceTimersByTime(20);
    };
    const LAST = { type: 'major', execution: 'sync', flavor: 'last-resort' };
    try {
      jest.advanceTimersByTime(20); // start: last resort, settles at 49e6
      resident += RSS_SLACK; // grown to exactly the slack: plain
      churn();
      expect(options).toEqual([LAST, undefined]);
      resident += 2e6; // past it: plain, then last resort (settles at 49e6 + slack + 1e6)
      churn();
      expect(options).toEqual([LAST, undefined, undefined, LAST]);
      churn(); // the new size is the settled one: plain only
      expect(options).toEqual([LAST, undefined, undefined, LAST, undefined]);
    } finally {
      stop();
    }
  });

  it('without gc (no --expose-gc): nothing is started', () => {
    delete g.gc;
    const scanner = new EventEmitter();
    startHousekeeping(scanner as unknown as Scanner, 20)();
    expect(scanner.listenerCount('exit')).toBe(0);
  });
});
