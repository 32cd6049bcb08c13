import { afterEach, describe, expect, it } from '@jest/globals';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readSidecarFile, readStatusFile } from '@dt/supervise-protocol';
import { CrashLoop, DEFAULT_CRASH_LOOP } from '../src/crash-loop.js';
import { closeFakeSupervised, fakeSupervised } from './fake-supervision.js';

describe('CrashLoop (pure)', () => {
  it('keeps the 0.76 pace for the first quick deaths, then doubles up to the cap', () => {
    const c = new CrashLoop();
    const delays: number[] = [];
    for (let i = 0; i < 12; i++) {
      c.ended(100);
      delays.push(c.delayMs());
    }
    expect(delays).toEqual([0, 0, 0, 0, 2000, 4000, 8000, 16000, 32000, 60000, 60000, 60000]);
    expect(c.failing).toBe(true);
    c.forgive();
    expect(c.delayMs()).toBe(0);
    c.ended(DEFAULT_CRASH_LOOP.intervalMs); // a run that lasted
    expect(c.failing).toBe(false);
  });
});

afterEach(closeFakeSupervised);

describe('Supervisor crash-loop policy (injected clock)', () => {
  function crashing() {
    const { s, dir, clock, launcher } = fakeSupervised();
    // every start dies 10 ms later; returns the gaps between starts
    const run = (n: number): number[] => {
      const gaps: number[] = [];
      for (let i = 0; i < n; i++) {
        const before = launcher.children.length;
        const t0 = clock.now();
        while (launcher.children.length === before) clock.advance(10);
        gaps.push(clock.now() - t0);
        clock.advance(10);
        launcher.last.die(1);
      }
      return gaps;
    };
    return { s, dir, clock, launcher, run };
  }

  it('one start a second at first, then growing intervals; failing in dt-status.json, status as 0.76', async () => {
    const { s, dir, launcher, run } = crashing();
    await s.start();
    launcher.last.die(1);
    const gaps = run(8);
    // the wait after each exit (the first restarts wait out their second)
    expect(gaps).toEqual([1000, 990, 990, 990, 2000, 4000, 8000, 16000]);
    expect(s.failing).toBe(true);
    expect(s.state).toBe('waiting');
    expect(readSidecarFile(dir)).toMatchObject({ failing: true, nextStartAt: expect.any(String) });
    expect(readStatusFile(dir)).toMatchObject({ pid: 0, want: 'up' });
  });

  it('svc -u restarts a failing service at once; a run that lasts clears failing', async () => {
    const { s, dir, clock, launcher, run } = crashing();
    await s.start();
    launcher.last.die(1);
    run(7);
    expect(s.failing).toBe(true);
    const before = launcher.children.length;
    s.control('u'); // the back-off (32 s now) is dropped: only 0.76's one-a-second pace remains
    clock.advance(990);
    expect(launcher.children.length).toBe(before + 1);
    clock.advance(DEFAULT_CRASH_LOOP.intervalMs);
    expect(s.failing).toBe(false);
    expect(readSidecarFile(dir)?.failing).toBe(false);
  });

  it('reads its limits from DIR/dt-crash-burst, dt-crash-interval and dt-crash-backoff-max', async () => {
    const { s, dir, launcher, run } = crashing();
    writeFileSync(join(dir, 'dt-crash-burst'), '2\n');
    writeFileSync(join(dir, 'dt-crash-interval'), '5000\n');
    writeFileSync(join(dir, 'dt-crash-backoff-max'), '3000\n');
    await s.start();
    launcher.last.die(1);
    expect(run(4)).toEqual([1000, 2000, 3000, 3000]);
  });

  it('a restart due at once still runs from a timer, never inside the exit callback', async () => {
    const { s, clock, launcher } = crashing();
    await s.start();
    clock.advance(5000); // a run that lasted: its restart is due at once
    const before = launcher.children.length;
    launcher.last.die(1);
    // nothing spawned from within die(): the exit handler returns to the event loop first
    expect(launcher.children.length).toBe(before);
    expect(s.state).toBe('waiting');
    clock.advance(0);
    expect(launcher.children.length).toBe(before + 1);
    expect(s.state).toBe('up');
  });
});
