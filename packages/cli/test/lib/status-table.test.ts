// dt status's table (issue 13: `dt status` for people): columns, alignment, dashes for what is not known,
// plurals nowhere to get wrong, colour only when asked (the bin asks on a TTY without NO_COLOR).
import { describe, expect, it } from '@jest/globals';
import type { ServiceReport } from '@dt/supervise-protocol';
import { formatDuration, formatStatusTable, isFailing } from '../../src/lib/status-table.js';

const base: ServiceReport = {
  dir: 'x', state: 'up', supervised: true, pid: 4242, seconds: 75, since: null, paused: false, want: 'up', normallyUp: true,
  ready: true, readiness: 'notification-fd', readyAt: null, startedAt: null, restarts: 1,
  lastExit: { code: 1, signal: null, at: null }, supervisorPid: 1,
    failing: null,
    nextStartAt: null, error: null,
};

describe('formatStatusTable', () => {
  it('one aligned row per service under a header', () => {
    const rows = [
      { name: 'redis', report: base },
      { name: 'web', report: { ...base, state: 'down' as const, pid: 0, seconds: 3, ready: false, restarts: 4, lastExit: { code: null, signal: 'SIGKILL', at: null } } },
      { name: 'redis/log', report: { ...base, ready: false, readiness: 'up' as const, restarts: null, lastExit: null, seconds: 90061 } },
      { name: 'idle', report: { ...base, state: 'not-running' as const, supervised: false, pid: null, seconds: null, ready: false, restarts: null, lastExit: null, want: null } },
    ];
    expect(formatStatusTable(rows)).toBe(
      [
        'NAME       STATE          PID   UPTIME  RESTARTS  READY  LAST EXIT  FAILING',
        'redis      up             4242  1m 15s  1         yes    code 1     no',
        'web        down           -     -       4         -      SIGKILL    yes',
        'redis/log  up             4242  1d 1h   -         no     -          no',
        'idle       no supervisor  -     -       -         -      -          -',
        '',
      ].join('\n'),
    );
  });

  it('an unreadable directory: an error row, and svstat\'s text below the table', () => {
    const bad = { ...base, state: 'error' as const, error: { message: 'unable to chdir: file does not exist', errno: 'ENOENT' } };
    const never = { ...base, state: 'error' as const, error: { message: 'unable to open supervise/ok: file does not exist', errno: 'ENOENT' } };
    const out = formatStatusTable([{ name: '/nope', report: bad }, { name: 'fresh', report: never }]).split('\n');
    expect(out[1]).toMatch(/^\/nope  error  +- /);
    expect(out[2]).toMatch(/^fresh  no supervisor  +- /); // a service directory no supervise ever ran in
    expect(out[3]).toBe('/nope: unable to chdir: file does not exist');
    expect(out).toHaveLength(5);
  });

  it('colour: only the STATE cell, and only when asked', () => {
    const rows = [{ name: 'a', report: base }, { name: 'b', report: { ...base, state: 'down' as const } }];
    expect(formatStatusTable(rows)).not.toContain('\x1b');
    const coloured = formatStatusTable(rows, { colour: true }).split('\n');
    expect(coloured[1]).toBe('a     \x1b[32mup\x1b[0m     4242  1m 15s  1         yes    code 1     no');
    expect(coloured[2]).toContain('\x1b[31mdown\x1b[0m');
  });
});

describe('formatDuration and isFailing', () => {
  it.each([[0, '0s'], [59, '59s'], [60, '1m 0s'], [3599, '59m 59s'], [3600, '1h 0m'], [86399, '23h 59m'], [86400, '1d 0h']])('%d s: %s', (s, text) => {
    expect(formatDuration(s)).toBe(text);
  });
  it('failing: down while wanted up; the library\'s own flag wins where it has one', () => {
    expect(isFailing({ ...base, state: 'down' })).toBe(true);
    expect(isFailing({ ...base, state: 'down', want: 'down' })).toBe(false);
    expect(isFailing({ ...base, state: 'not-running' })).toBeNull();
    expect(isFailing({ ...base, failing: true } as ServiceReport)).toBe(true);
  });
});
