import { afterEach, describe, expect, it } from '@jest/globals';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { appendFileSync, existsSync, linkSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findLogDir, lineLabel, listLogFiles, localizeLine, readLogs, sinceLabel } from '../src/read-logs.js';

const MULTILOG = '/usr/bin/multilog';
const TAI64NLOCAL = '/usr/bin/tai64nlocal';

function requireMultilog(): void {
  if (!existsSync(MULTILOG)) throw new Error(`${MULTILOG} is missing: apt-get install daemontools`);
}

const dirs: string[] = [];
const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'dt-read-logs-'));
  dirs.push(d);
  return d;
}

async function collect(it: AsyncIterable<Buffer>): Promise<string[]> {
  const out: string[] = [];
  for await (const line of it) out.push(line.toString());
  return out;
}

const label = (hex: string) => `@${hex.padStart(24, '0')}`;

describe('listLogFiles', () => {
  it('lists archives in name (time) order, then current, ignoring everything else', () => {
    const d = tempDir();
    for (const n of [label('4000000060000002'), label('4000000060000001')]) writeFileSync(join(d, `${n}.s`), '');
    writeFileSync(join(d, `${label('4000000060000003')}.u`), '');
    for (const n of ['current', 'lock', 'state', 'previous', '@junk.s']) writeFileSync(join(d, n), '');
    expect(listLogFiles(d).map((f) => f.slice(d.length + 1))).toEqual([
      `${label('4000000060000001')}.s`,
      `${label('4000000060000002')}.s`,
      `${label('4000000060000003')}.u`,
      'current',
    ]);
  });

  it('throws the fs error when the directory does not exist', () => {
    expect(() => listLogFiles('/nonexistent/dt-logs')).toThrow(expect.objectContaining({ code: 'ENOENT' }));
  });
});

describe('lineLabel', () => {
  it('returns the 25-character stamp of a stamped line and undefined otherwise', () => {
    expect(lineLabel(Buffer.from(`${label('4000000060000001')} hello\n`))).toBe(label('4000000060000001'));
    expect(lineLabel(Buffer.from('hello\n'))).toBeUndefined();
    expect(lineLabel(Buffer.from('@4000000060000001ABCDEF12 upper case is not a label\n'))).toBeUndefined();
    expect(lineLabel(Buffer.from('@40000000\n'))).toBeUndefined();
  });
});

describe('readLogs', () => {
  it('reads every line of archives then current, terminating an unterminated archive tail', async () => {
    const d = tempDir();
    writeFileSync(join(d, `${label('2')}.s`), 'b1\nb2\n');
    writeFileSync(join(d, `${label('1')}.u`), 'a1\na2-cut');
    writeFileSync(join(d, 'current'), 'c1\nc2-partial');
    expect(await collect(readLogs(d))).toEqual(['a1\n', 'a2-cut\n', 'b1\n', 'b2\n', 'c1\n', 'c2-partial']);
  });

  it('streams a long history (250,000 lines over five archives and current) in order, without one big array', async () => {
    const d = tempDir();
    const perFile = 50_000;
    let n = 0;
    for (let f = 1; f <= 5; f++) {
      const text: string[] = [];
      for (let i = 0; i < perFile; i++) text.push(`${n++}\n`);
      writeFileSync(join(d, `${label(String(f))}.s`), text.join(''));
    }
    writeFileSync(join(d, 'current'), `${n++}\n${n++}\n`);
    let count = 0;
    let ordered = true;
    for await (const line of readLogs(d)) {
      if (line.toString() !== `${count}\n`) ordered = false;
      count++;
    }
    expect(count).toBe(n);
    expect(ordered).toBe(true);
  });

  it('reads a directory without current (never started) as its archives only', async () => {
    const d = tempDir();
    writeFileSync(join(d, `${label('1')}.s`), 'x\n');
    expect(await collect(readLogs(d))).toEqual(['x\n']);
  });

  it('skips stamped lines before `since`; unstamped lines follow the stamped line before them', async () => {
    const d = tempDir();
    writeFileSync(join(d, `${label('1')}.s`), `${label('4000000060000001')} old\ncontinuation of old\n`);
    writeFileSync(
      join(d, 'current'),
      `${label('4000000060000002')} edge\n${label('4000000060000003')} new\ncontinuation of new\n`,
    );
    expect(await collect(readLogs(d, { since: label('4000000060000002') }))).toEqual([
      `${label('4000000060000002')} edge\n`,
      `${label('4000000060000003')} new\n`,
      'continuation of new\n',
    ]);
  });

  it('reads what the real multilog wrote across rotations, in order, with nothing lost or repeated', async () => {
    requireMultilog();
    const d = tempDir();
    const input = Array.from({ length: 400 }, (_, i) => `line ${i} ${'x'.repeat(40)}\n`).join('');
    const r = spawnSync(MULTILOG, ['t', 's4096', 'n100', './main'], { cwd: d, input });
    expect(r.status).toBe(0);
    const main = join(d, 'main');
    expect(readdirSync(main).filter((n) => n.startsWith('@')).length).toBeGreaterThan(3);
    const lines = await collect(readLogs(main));
    expect(lines.map((l) => l.slice(26))).toEqual(input.split(/(?<=\n)/));
    for (const l of lines) expect(lineLabel(Buffer.from(l))).toMatch(/^@4000/);
  });

  it('follows current across rotations until aborted', async () => {
    requireMultilog();
    const d = tempDir();
    const main = join(d, 'main');
    mkdirSync(main);
    writeFileSync(join(main, 'current'), 'before\n');
    const ml = spawn(MULTILOG, ['s4096', 'n100', './main'], { cwd: d, stdio: ['pipe', 'ignore', 'inherit'] });
    children.push(ml);
    const ac = new AbortController();
    const got: string[] = [];
    const expected = ['before\n'];
    const reader = (async () => {
      for await (const line of readLogs(main, { follow: true, signal: ac.signal, pollInterval: 20 })) {
        got.push(line.toString());
        if (got.length === expected.length && expected.length > 1) ac.abort();
      }
    })();
    // Enough lines to rotate several times (files are cut at about 4096 - 2000 bytes).
    for (let i = 0; i < 300; i++) expected.push(`follow ${i} ${'y'.repeat(30)}\n`);
    // Big batches: several rotations happen between two looks of the reader.
    for (let i = 1; i < expected.length; i += 100) {
      ml.stdin!.write(expected.slice(i, i + 100).join(''));
      await new Promise((r) => setImmediate(r));
    }
    ml.stdin!.end();
    const deadline = setTimeout(() => ac.abort(), 20000);
    await reader;
    clearTimeout(deadline);
    expect(readdirSync(main).filter((n) => n.startsWith('@')).length).toBeGreaterThan(2);
    expect(got).toEqual(expected);
  });

  // multilog's rotation, step by step: rename current to previous, a new current, then previous linked to
  // its @label.s archive (same inode) and removed. The reader may look between any two steps.
  describe('follow, with rotations done by hand between the reader\'s looks', () => {
    /** A log directory whose current holds a1, followed, a1 seen. */
    async function follower() {
      const d = tempDir();
      writeFileSync(join(d, 'current'), 'a1\n');
      const ac = new AbortController();
      const got: string[] = [];
      const done = (async () => {
        for await (const line of readLogs(d, { follow: true, signal: ac.signal, pollInterval: 20 })) got.push(line.toString());
      })();
      const see = async (n: number) => {
        const end = performance.now() + 10000;
        while (got.length < n) {
          if (performance.now() > end) throw new Error(`saw only ${JSON.stringify(got)}`);
          await new Promise((r) => setTimeout(r, 20));
        }
      };
      await see(1);
      return { d, got, see, stop: async () => (ac.abort(), await done) };
    }

    /** A finished current becomes its @label.s archive, and a new current holds `line`. */
    function archiveCurrent(d: string, hex: string, line: string): void {
      renameSync(join(d, 'current'), join(d, `${label(hex)}.s`));
      writeFileSync(join(d, 'current'), line);
    }

    it('two rotations before it looks: the followed file\'s archive is not shown again, the other is read whole', async () => {
      const f = await follower();
      const { d } = f;
      appendFileSync(join(d, 'current'), 'a2\n');
      archiveCurrent(d, '1', 'b1\n');
      archiveCurrent(d, '2', 'c1\n');
      await f.see(4);
      await f.stop();
      expect(f.got).toEqual(['a1\n', 'a2\n', 'b1\n', 'c1\n']);
    });

    it('a look while the old file is still `previous`: its archive, appearing later, is not shown again', async () => {
      const f = await follower();
      const { d } = f;
      renameSync(join(d, 'current'), join(d, 'previous'));
      writeFileSync(join(d, 'current'), 'b1\n');
      await f.see(2);
      linkSync(join(d, 'previous'), join(d, `${label('1')}.s`));
      unlinkSync(join(d, 'previous'));
      archiveCurrent(d, '2', 'c1\n');
      await f.see(3);
      await f.stop();
      expect(f.got).toEqual(['a1\n', 'b1\n', 'c1\n']);
    });

    it('a file it never followed still `previous` (its processor runs): waits for its archive before current', async () => {
      const f = await follower();
      const { d } = f;
      appendFileSync(join(d, 'current'), 'a2\n');
      archiveCurrent(d, '1', 'x1\n');
      renameSync(join(d, 'current'), join(d, 'previous'));
      writeFileSync(join(d, 'current'), 'b1\n');
      await f.see(2); // it looked after all of the above: a2 came from that look
      linkSync(join(d, 'previous'), join(d, `${label('2')}.s`));
      unlinkSync(join(d, 'previous'));
      await f.see(4);
      await f.stop();
      expect(f.got).toEqual(['a1\n', 'a2\n', 'x1\n', 'b1\n']);
    });
  });

  it('returns from a follow as soon as the signal aborts, even with nothing to read', async () => {
    const d = tempDir();
    writeFileSync(join(d, 'current'), 'only\n');
    const ac = new AbortController();
    const got: string[] = [];
    const done = (async () => {
      for await (const line of readLogs(d, { follow: true, signal: ac.signal })) {
        got.push(line.toString());
        ac.abort();
      }
    })();
    await done;
    expect(got).toEqual(['only\n']);
  });
});

describe('findLogDir', () => {
  it('takes a log directory itself, or finds the first one under a service directory\'s log/', () => {
    const d = tempDir();
    mkdirSync(join(d, 'log', 'supervise'), { recursive: true });
    mkdirSync(join(d, 'log', 'empty'));
    mkdirSync(join(d, 'log', 'main'));
    writeFileSync(join(d, 'log', 'main', 'current'), '');
    expect(findLogDir(d)).toBe(join(d, 'log', 'main'));
    expect(findLogDir(join(d, 'log', 'main'))).toBe(join(d, 'log', 'main'));
    expect(findLogDir(join(d, 'log', 'empty'))).toBeUndefined();
    expect(findLogDir('/nonexistent/dt-logs')).toBeUndefined();
  });
});

describe('sinceLabel', () => {
  const now = Date.UTC(2026, 10, 25, 14, 0, 0, 500);
  it('turns a date, a duration ago, or a label into a label', () => {
    // 2026-11-25T14:00:00.500Z = unix 1795615200: label 2^62 + 10 + that.
    const unix = BigInt(now / 1000 - 0.5);
    const hex = (2n ** 62n + 10n + unix).toString(16);
    expect(sinceLabel('2026-11-25T14:00:00.500Z', now)).toBe(`@${hex}1dcd6500`);
    expect(sinceLabel('0s', now)).toBe(`@${hex}1dcd6500`);
    expect(sinceLabel('1m', now)).toBe(`@${(2n ** 62n + 10n + unix - 60n).toString(16)}1dcd6500`);
    expect(sinceLabel('2h', now)).toBe(`@${(2n ** 62n + 10n + unix - 7200n).toString(16)}1dcd6500`);
    expect(sinceLabel('1d', now)).toBe(`@${(2n ** 62n + 10n + unix - 86400n).toString(16)}1dcd6500`);
    expect(sinceLabel('@4000000060000001ABCDEF12', now)).toBe('@4000000060000001abcdef12');
  });
  it('reads a date without a time, or a date-time without a zone, as local time', () => {
    const localMidnight = new Date(2026, 10, 25).getTime();
    const expected = sinceLabel(new Date(localMidnight).toISOString(), now);
    expect(sinceLabel('2026-11-25', now)).toBe(expected);
    expect(sinceLabel('2026-11-25T00:00:00', now)).toBe(expected);
    expect(sinceLabel('2026-11-25 00:00:00', now)).toBe(expected);
  });

  it('gives undefined for anything else', () => {
    expect(sinceLabel('yesterday-ish', now)).toBeUndefined();
    expect(sinceLabel('5x', now)).toBeUndefined();
    expect(sinceLabel('@4000', now)).toBeUndefined();
  });
});

describe('localizeLine', () => {
  it('prints the stamp exactly as the real tai64nlocal does, and leaves other lines alone', () => {
    if (!existsSync(TAI64NLOCAL)) throw new Error(`${TAI64NLOCAL} is missing: apt-get install daemontools`);
    const input = '@4000000037c219bf2ef02e94 mark\n@40000000691fe2a1000003e8 later one\nplain line\n';
    const real = spawnSync(TAI64NLOCAL, [], { input }).stdout.toString('latin1');
    const ours = input
      .split(/(?<=\n)/)
      .map((l) => localizeLine(Buffer.from(l, 'latin1')).toString('latin1'))
      .join('');
    expect(ours).toBe(real);
  });

  it('reads the label as tai64nlocal does when more hex digits follow it; an unterminated line stays unterminated', () => {
    if (!existsSync(TAI64NLOCAL)) throw new Error(`${TAI64NLOCAL} is missing: apt-get install daemontools`);
    // (labels out of localtime's range crash the real tai64nlocal: those are not compared)
    const lines = ['@abc4000000037c219bf2ef02e94 more digits\n', '@400000000000000000000001 x\n'];
    for (const l of lines) {
      const real = spawnSync(TAI64NLOCAL, [], { input: l }).stdout.toString('latin1');
      expect(real).not.toBe('');
      expect(localizeLine(Buffer.from(l, 'latin1')).toString('latin1')).toBe(real);
    }
    expect(localizeLine(Buffer.from('@37c219bf2ef02e94 short\n')).toString()).toBe('@37c219bf2ef02e94 short\n');
    const real = spawnSync(TAI64NLOCAL, [], { input: '@4000000037c219bf2ef02e94 tail\n' }).stdout.toString('latin1');
    expect(localizeLine(Buffer.from('@4000000037c219bf2ef02e94 tail')).toString('latin1')).toBe(real.slice(0, -1));
  });
});
