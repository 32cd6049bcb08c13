import { afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { closeSync, constants, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ours, requirePrograms, run } from '../fixtures/tai64/run.js';
import { waitFor } from '@dt/test-support';

const LABEL = /^@[0-9a-f]{24}$/;
const OFFSET = 2n ** 62n + 10n;

beforeAll(() => {
  requirePrograms('tai64n');
  requirePrograms('tai64nlocal');
});

const children: ChildProcess[] = [];
const dirs: string[] = [];
afterEach(() => {
  for (const c of children.splice(0)) c.kill('SIGKILL');
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** Splits stamped output into [label, rest] pairs: every line is '@' + 24 hex + ' ' + the original line. */
function unstamp(out: Buffer): { labels: string[]; rest: Buffer } {
  const labels: string[] = [];
  const parts: Buffer[] = [];
  let i = 0;
  while (i < out.length) {
    labels.push(out.subarray(i, i + 26).toString('latin1')); // label + the space, checked below
    const nl = out.indexOf(0x0a, i + 26);
    const end = nl === -1 ? out.length : nl + 1;
    parts.push(out.subarray(i + 26, end));
    i = end;
  }
  return { labels, rest: Buffer.concat(parts) };
}

/** Runs ours and the real tai64n on the same input and checks the structure is identical. */
function sameStructure(input: Buffer | string): void {
  const before = BigInt(Date.now() - 2000) * 1000n;
  const a = run('ours', 'tai64n', input);
  const b = run('real', 'tai64n', input);
  const after = BigInt(Date.now() + 2000) * 1000n;
  expect({ status: a.status, stderr: a.stderr.toString() }).toEqual({ status: 0, stderr: '' });
  expect({ status: b.status, stderr: b.stderr.toString() }).toEqual({ status: 0, stderr: '' });
  const ua = unstamp(a.stdout);
  const ub = unstamp(b.stdout);
  expect(ua.labels.length).toBe(ub.labels.length);
  expect(ua.rest.equals(ub.rest)).toBe(true);
  expect(ua.rest.equals(Buffer.from(input as string, typeof input === 'string' ? 'latin1' : undefined))).toBe(true);
  expect(a.stdout.length).toBe(b.stdout.length);
  // Plain checks per line (an expect() per line would make 50,000-line inputs take a minute), one expect at the end.
  let prev = 0n;
  const bad: string[] = [];
  for (const stamp of ua.labels) {
    const label = stamp.slice(0, 25);
    if (!LABEL.test(label) || stamp[25] !== ' ') {
      bad.push(`not a label and a space: ${JSON.stringify(stamp)}`);
      continue;
    }
    const secs = BigInt(`0x${label.slice(1, 17)}`) - OFFSET;
    const ns = Number.parseInt(label.slice(17), 16);
    if (ns % 1000 !== 500 || ns >= 1e9) bad.push(`${label}: nanoseconds not µs*1000+500`); // taia_now
    const micros = secs * 1_000_000n + BigInt((ns - 500) / 1000);
    if (micros < before || micros > after) bad.push(`${label}: not the time of the run`);
    if (micros < prev) bad.push(`${label}: earlier than the line before`); // monotonic
    prev = micros;
  }
  expect(bad.slice(0, 5)).toEqual([]);
}

describe('tai64n against the real one', () => {
  it.each([
    ['empty input', ''],
    ['one line', 'hello\n'],
    ['several lines and empty lines', 'a\n\n\nb c d\n'],
    ['a partial last line (no newline added)', 'first\nno newline at end'],
    ['only a partial line', 'x'],
    ['CRLF', 'a\r\nb\r\n'],
    ['NUL and 0xff bytes', Buffer.from('\x00\xff\n\xfe\x00\x80\n\xc3\x28\n', 'latin1')],
    ['lines that already start with a label', '@400000006b06cc7f0fe125bc x\n'],
  ])('%s: same bytes apart from the time in each label', (_name, input) => sameStructure(input));

  it('stamps lines longer than 1 MB and many short lines', () => {
    const long = Buffer.alloc(1_500_000, 0x62);
    sameStructure(Buffer.concat([long, Buffer.from('\n'), long]));
    sameStructure('line\n'.repeat(50_000));
  });

  it('writes what the real tai64nlocal reads', () => {
    const stamped = run('ours', 'tai64n', 'one\ntwo\n').stdout;
    const local = run('real', 'tai64nlocal', stamped);
    expect(local.status).toBe(0);
    expect(local.stdout.toString()).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}500 one\n\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}500 two\n$/);
  });

  it('exits 111 silently on a read error and on a write error, as the real one does', () => {
    for (const cmd of [`'${process.execPath}' '${ours('tai64n')}'`, '/usr/bin/tai64n']) {
      const dirIn = spawnSync('/bin/sh', ['-c', `${cmd} < /`]);
      expect({ status: dirIn.status, stderr: dirIn.stderr.toString() }).toEqual({ status: 111, stderr: '' });
      const full = spawnSync('/bin/sh', ['-c', `${cmd} > /dev/full`], { input: 'x\n' });
      expect({ status: full.status, stderr: full.stderr.toString() }).toEqual({ status: 111, stderr: '' });
    }
  });

  it('writes each line out before waiting for more input (interactive use)', async () => {
    const child = spawn(process.execPath, [ours('tai64n')], { stdio: ['pipe', 'pipe', 'pipe'] });
    children.push(child);
    let out = '';
    child.stdout!.on('data', (d: Buffer) => (out += d.toString('latin1')));
    child.stdin!.write('first\n');
    await waitFor('output', () => /^@[0-9a-f]{24} first\n$/.test(out));
    child.stdin!.write('second, partial');
    await waitFor('output', () => / second, partial$/.test(out));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.stdin!.end();
    expect(await exited).toBe(0);
  });

  it('reads a non-blocking stdin (EAGAIN) without spinning or losing bytes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dt-tai64n-'));
    dirs.push(dir);
    const fifo = join(dir, 'in');
    expect(spawnSync('/usr/bin/mkfifo', [fifo]).status).toBe(0);
    const rfd = openSync(fifo, constants.O_RDONLY | constants.O_NONBLOCK); // O_NONBLOCK is shared with the child
    const wfd = openSync(fifo, constants.O_WRONLY);
    const child = spawn(process.execPath, [ours('tai64n')], { stdio: [rfd, 'pipe', 'pipe'] });
    children.push(child);
    closeSync(rfd);
    let out = '';
    child.stdout!.on('data', (d: Buffer) => (out += d.toString('latin1')));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    writeSync(wfd, 'a\n');
    await waitFor('output', () => / a\n$/.test(out));
    writeSync(wfd, 'b\nc');
    await waitFor('output', () => / b\n@[0-9a-f]{24} c$/.test(out));
    closeSync(wfd);
    expect(await exited).toBe(0);
    expect(out).toMatch(/^@[0-9a-f]{24} a\n@[0-9a-f]{24} b\n@[0-9a-f]{24} c$/);
  });
});
