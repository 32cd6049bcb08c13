import { describe, expect, it } from '@jest/globals';
import { createWallClock, tai64nFromUnixMicros, tai64nNow, unixMicrosNow } from '../src/clock.js';
import { TAI64_OFFSET } from '../src/constants.js';

describe('clock', () => {
  it('turns µs into TAI64N as taia_now: nanoseconds = µs * 1000 + 500', () => {
    expect(tai64nFromUnixMicros(1795607669266413)).toEqual({ seconds: 0x400000006b06cc7fn, nanoseconds: 266413500 });
    expect(tai64nFromUnixMicros(0)).toEqual({ seconds: TAI64_OFFSET, nanoseconds: 500 });
    expect(tai64nFromUnixMicros(-1)).toEqual({ seconds: TAI64_OFFSET - 1n, nanoseconds: 999999500 });
  });

  it('reads the wall clock in whole microseconds, close to Date.now()', () => {
    const before = Date.now();
    const us = unixMicrosNow();
    const after = Date.now();
    expect(Number.isInteger(us)).toBe(true);
    expect(us).toBeGreaterThanOrEqual((before - 2) * 1000);
    expect(us).toBeLessThanOrEqual((after + 3) * 1000);
  });

  it('gives TAI64N with daemontools nanoseconds ending in 500', () => {
    const t = tai64nNow();
    expect(t.nanoseconds % 1000).toBe(500);
    const unix = Number(t.seconds - TAI64_OFFSET);
    expect(Math.abs(unix - Date.now() / 1000)).toBeLessThan(5);
  });

  it('never goes backwards between calls', () => {
    let prev = unixMicrosNow();
    for (let i = 0; i < 10000; i++) {
      const now = unixMicrosNow();
      expect(now).toBeGreaterThanOrEqual(prev);
      prev = now;
    }
  });

  it('follows a stepped wall clock within 10 ms, and ignores differences preemption could cause', () => {
    let mono = 0;
    let wall = 1_795_607_669_266; // ms
    const clock = createWallClock({ monotonicMs: () => mono, wallMs: () => wall, originMs: wall + 0.413 });
    expect(clock()).toBe(1_795_607_669_266_413);
    mono += 5;
    wall += 5;
    expect(clock()).toBe(1_795_607_669_271_413); // µs precision kept between checks
    wall += 3_600_000; // settimeofday: one hour ahead
    mono += 10;
    expect(Math.abs(clock() - (wall + 0.5) * 1000)).toBeLessThanOrEqual(500);
    const anchored = clock() - mono * 1000;
    wall += 20; // 20 ms off: within what a preempted thread could see, not a step
    mono += 10;
    expect(clock() - mono * 1000).toBe(anchored);
  });
});
