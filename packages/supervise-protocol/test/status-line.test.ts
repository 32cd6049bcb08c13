import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { RunningReport, StatusReport } from '../src/service-status.js';
import { decodeStatus } from '../src/status.js';
import { formatStatusLine } from '../src/status-line.js';

const fixture = (name: string) => decodeStatus(readFileSync(fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url))));
function report(name: string, seconds: bigint, normallyUp: boolean): RunningReport {
  const status = fixture(name);
  const { pid, paused, want } = status;
  return { state: pid ? 'up' : 'down', pid, seconds, paused, want, normallyUp, status };
}

describe('formatStatusLine', () => {
  // The lines /usr/bin/svstat printed for these very files (fixtures/PROVENANCE.md).
  it.each([
    ['status-up.bin', 0n, true, 'svc1: up (pid 7802) 0 seconds'],
    ['status-paused.bin', 3n, true, 'svc1: up (pid 7802) 3 seconds, paused'],
    ['status-once.bin', 3n, true, 'svc1: up (pid 7802) 3 seconds'],
    ['status-down.bin', 2n, true, 'svc1: down 2 seconds, normally up'],
    ['status-normally-down.bin', 0n, false, 'svc2: down 0 seconds'],
    ['status-want-down.bin', 2n, false, 'svc2: up (pid 7932) 2 seconds, normally down, want down'],
  ])('%s -> the real svstat line', (name, seconds, normallyUp, line) => {
    expect(formatStatusLine(line.slice(0, 4), report(name, seconds, normallyUp))).toBe(line);
  });

  it('says "1 seconds" (no singular) and "want up" only when down', () => {
    const status = { stamp: { seconds: 0n, nanoseconds: 0 }, pid: 0, paused: false, want: 'up' as const };
    expect(formatStatusLine('x', { state: 'down', pid: 0, seconds: 1n, paused: false, want: 'up', normallyUp: false, status })).toBe(
      'x: down 1 seconds, want up',
    );
    expect(formatStatusLine('x', { state: 'up', pid: 5, seconds: 1n, paused: true, want: 'up', normallyUp: false, status })).toBe(
      'x: up (pid 5) 1 seconds, normally down, paused',
    );
  });

  it('formats every failure in svstat\'s words', () => {
    const f = (step: never, errno?: string) => formatStatusLine('d', { state: 'error', step, errno, errnoNumber: undefined });
    expect(f('chdir' as never, 'ENOENT')).toBe('d: unable to chdir: file does not exist');
    expect(f('stat-down' as never, 'EACCES')).toBe('d: unable to stat down: access denied');
    expect(f('open-ok' as never, 'ENOENT')).toBe('d: unable to open supervise/ok: file does not exist');
    expect(f('open-status' as never, 'ENOENT')).toBe('d: unable to open supervise/status: file does not exist');
    expect(f('read-status' as never, 'EISDIR')).toBe('d: unable to read supervise/status: is a directory');
    expect(f('read-status' as never)).toBe('d: unable to read supervise/status: bad format');
    expect(formatStatusLine('d', { state: 'not-running', normallyUp: true })).toBe('d: supervise not running');
  });

  it('prints a failed read() as 0.76 does: a status line from the bytes svstat still held', () => {
    const shows = report('status-paused.bin', 9n, false);
    expect(formatStatusLine('d', { state: 'error', step: 'read-status', errno: 'EISDIR', errnoNumber: 21, svstatShows: shows })).toBe(
      'd: up (pid 7802) 9 seconds, normally down, paused',
    );
  });
});
