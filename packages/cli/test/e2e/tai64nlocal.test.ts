import { beforeAll, describe, expect, it } from '@jest/globals';
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES, firstDifference, ours, requirePrograms, run } from '../fixtures/tai64/run.js';
import { seededRandom, waitFor } from '@dt/test-support';

const ZONES = ['UTC', 'America/Los_Angeles', 'right/UTC', 'Europe/London'];
const STAMP = '@400000006b06cc7f0fe125bc';

beforeAll(() => {
  requirePrograms('tai64nlocal');
  requirePrograms('tai64n');
  for (const tz of [...ZONES, 'Australia/Lord_Howe'])
    if (tz !== 'UTC') readFileSync(`/usr/share/zoneinfo/${tz}`); // fails clearly when tzdata is missing
});

function same(input: Buffer | string, tz: string | null = 'UTC', env: Record<string, string> = {}): void {
  const a = run('ours', 'tai64nlocal', input, tz, env);
  const b = run('real', 'tai64nlocal', input, tz, env);
  expect(firstDifference(a.stdout, b.stdout)).toBe('identical');
  expect({ status: a.status, stderr: a.stderr.toString() }).toEqual({ status: b.status, stderr: b.stderr.toString() });
  expect(a.status).toBe(0);
}

describe('tai64nlocal against the real one (byte for byte)', () => {
  it.each(ZONES)('converts labels across ±6·10^16 s identically with TZ=%s (and matches the recorded fixture)', (tz) => {
    const input = readFileSync(join(FIXTURES, 'labels.in'));
    same(input, tz);
    const golden = readFileSync(join(FIXTURES, `labels-${tz.replace(/\//g, '_')}.out`));
    expect(firstDifference(run('ours', 'tai64nlocal', input, tz).stdout, golden)).toBe('identical');
  });

  it.each([
    ['a POSIX TZ string with rules', '<-03>3<-02>,M3.5.0/-2,M10.5.0/-1'],
    ['a POSIX TZ string with Julian days and a 25:00 change', 'AAA-1BBB,M10.1.0/25,J60/-1'],
    ['daylight time without a rule (posixrules)', 'XYZ3ABC'],
    ['a name that is neither a file nor a TZ string (UTC)', 'Nowhere/Foo'],
    ['an empty TZ', ''],
    ['a leading colon', ':America/New_York'],
    ['an absolute path', '/usr/share/zoneinfo/Asia/Tokyo'],
    ['a zone with negative DST', 'Europe/Dublin'],
    ['TZ unset (/etc/localtime)', null],
  ])('follows TZ as glibc does: %s', (_name, tz) => {
    same(readFileSync(join(FIXTURES, 'labels.in')), tz);
  });

  it('reads zone names under $TZDIR', () => {
    same(readFileSync(join(FIXTURES, 'labels.in')), 'Europe/Paris', { TZDIR: '/usr/share/zoneinfo/right' });
  });

  it.each([
    ['empty input', ''],
    ['no newline at end', `${STAMP} last line without newline`],
    ['a label right at end of input (dropped)', `${STAMP} a\n${STAMP}`],
    ['@ alone at end of input', '@'],
    ['lines without labels', 'plain\n\n  indented @400000006b06cc7f0fe125bc\nx'],
    ['uppercase after 24 digits', `${STAMP}ABC x\n`],
    ['no space after the label', `${STAMP}\n${STAMP}:x\n`],
    ['extra leading digits', `@0123${STAMP.slice(1)} x\n`],
    ['nanoseconds >= 10^9', '@400000006b06cc7fffffffff x\n'],
    ['CRLF', `${STAMP} a\r\n${STAMP}\r\n`],
    ['NUL and 0xff bytes', Buffer.from(`${STAMP} \x00\xff\xfe\n\x00${STAMP}\n\xff\n`, 'latin1')],
  ])('%s', (_name, input) => {
    for (const tz of ['UTC', 'America/Los_Angeles']) same(input, tz);
  });

  it('matches on seeded random input (labels over ±50 years, random bytes, no crash cases)', () => {
    const rand = seededRandom(2026);
    const parts: Buffer[] = [];
    for (let i = 0; i < 4000; i++) {
      if (rand(3) > 0) {
        const secs = 0x400000006b06cc7fn + BigInt(rand(3_200_000_000)) - 1_600_000_000n;
        const ns = rand(0x7fffffff) * 2 + rand(2);
        parts.push(Buffer.from(`@${secs.toString(16)}${ns.toString(16).padStart(8, '0')}`));
        let next = rand(256);
        while ((next >= 0x30 && next <= 0x39) || (next >= 0x61 && next <= 0x66)) next = rand(256); // would extend the label
        parts.push(Buffer.from([next]));
      } else {
        let first = rand(256);
        while (first === 0x40) first = rand(256);
        parts.push(Buffer.from([first]));
      }
      const len = rand(60);
      const body = Buffer.alloc(len);
      for (let k = 0; k < len; k++) {
        const b = rand(256);
        body[k] = b === 0x0a ? 0x20 : b;
      }
      parts.push(body, Buffer.from('\n'));
    }
    const input = Buffer.concat(parts);
    for (const tz of ['UTC', 'America/Los_Angeles', 'Australia/Lord_Howe']) same(input, tz);
  });

  it('passes a line longer than 1 MB through', () => {
    const long = Buffer.alloc(1_500_000, 0x61);
    same(Buffer.concat([Buffer.from(`${STAMP} `), long, Buffer.from(`\n${STAMP} b\nplain `), long, Buffer.from('\n')]));
  });

  it('reads what the real tai64n writes', () => {
    const stamped = run('real', 'tai64n', 'one\ntwo\n\nfour\npartial').stdout;
    for (const tz of ['UTC', 'America/Los_Angeles']) same(stamped, tz);
  });

  it('does not crash where the real one does (short or zero labels): the line passes unchanged', () => {
    for (const line of ['@ x\n', '@4000 x\n', '@400000006B06cc7f0fe125bc x\n', '@000000000000000000000000 x\n']) {
      const real = run('real', 'tai64nlocal', line);
      expect(real.signal).toBe('SIGSEGV'); // documents the 0.76 crash we deliberately do not copy
      const a = run('ours', 'tai64nlocal', `before\n${line}after\n`);
      expect({ status: a.status, out: a.stdout.toString('latin1') }).toEqual({ status: 0, out: `before\n${line}after\n` });
    }
  });

  it('exits 111 silently on a read error and on a write error, as the real one does', () => {
    for (const which of ['ours', 'real'] as const) {
      const dirIn = spawnSyncStatus(which, '< /');
      expect(dirIn).toEqual({ status: 111, stderr: '' });
      const full = spawnSyncStatus(which, `> /dev/full`, `${STAMP} x\n`);
      expect(full).toEqual({ status: 111, stderr: '' });
    }
  });

  it('writes each line out before waiting for more input (interactive use)', async () => {
    const child = spawn(process.execPath, [ours('tai64nlocal')], { env: { TZ: 'UTC' }, stdio: ['pipe', 'pipe', 'pipe'] });
    try {
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString('latin1')));
      child.stdin.write(`${STAMP} first\n`);
      await waitFor('output', () => out === '2026-11-25 11:54:29.266413500 first\n');
      child.stdin.write('plain\n');
      await waitFor('output', () => out.endsWith('plain\n'));
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      child.stdin.end();
      expect(await exited).toBe(0);
    } finally {
      child.kill('SIGKILL');
    }
  });
});

function spawnSyncStatus(which: 'ours' | 'real', redirect: string, input = ''): { status: number | null; stderr: string } {
  const cmd = which === 'ours' ? `'${process.execPath}' '${ours('tai64nlocal')}'` : '/usr/bin/tai64nlocal';
  const r = spawnSync('/bin/sh', ['-c', `${cmd} ${redirect}`], { input, env: { TZ: 'UTC', PATH: '/usr/bin:/bin' } });
  return { status: r.status, stderr: r.stderr.toString() };
}
