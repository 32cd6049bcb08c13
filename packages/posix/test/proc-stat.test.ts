import { describe, expect, it } from '@jest/globals';
import { parseProcStat, processStartTime, readProcStat } from '../src/proc-stat.js';

describe('proc-stat', () => {
  it('counts fields from the last parenthesis (a comm with spaces and parentheses)', () => {
    const text = '42 (a) b (c) S 7 42 42 0 -1 4194560 1 2 3 4 5 6 7 8 20 0 1 0 123456 1000 200 18446744073709551615\n';
    expect(parseProcStat(text)).toEqual({ state: 'S', ppid: 7, pgrp: 42, startTime: 123456 });
  });

  it('reads this process, and nothing for a pid that does not exist', () => {
    const me = readProcStat(process.pid);
    expect(me?.ppid).toBe(process.ppid);
    expect(processStartTime(process.pid)).toBeGreaterThan(0);
    expect(processStartTime(2 ** 22 + 1)).toBeUndefined();
    expect(readProcStat(0)).toBeUndefined();
  });
});
