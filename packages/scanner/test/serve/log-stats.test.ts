import { afterEach, describe, expect, it } from '@jest/globals';
import { appendFileSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LogStats } from '../../src/serve/log-stats.js';
import { readLogTail } from '../../src/serve/log-tail.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A service dir with log/main holding an archive and current, as multilog leaves them. */
function serviceWithLog(): { svc: string; main: string } {
  const svc = mkdtempSync(join(tmpdir(), 'dt-logstats-'));
  dirs.push(svc);
  const main = join(svc, 'log', 'main');
  mkdirSync(main, { recursive: true });
  writeFileSync(join(main, '@400000006900000000000000.s'), '@400000006900000000000000 old one\n@400000006900000000000000 old two\n');
  writeFileSync(join(main, 'current'), '@400000006900000100000000 new\n');
  writeFileSync(join(main, 'lock'), '');
  writeFileSync(join(main, 'state'), 'xx');
  return { svc, main };
}

describe('LogStats', () => {
  it('counts bytes and lines of current and archives, and every file of the directory', () => {
    const { svc, main } = serviceWithLog();
    const stats = new LogStats();
    expect(stats.figuresOf(svc)).toEqual({ dir: main, bytes: 68 + 30, lines: 3, directoryBytes: 68 + 30 + 2 });
    appendFileSync(join(main, 'current'), 'more\nand more\n');
    expect(stats.figuresOf(svc)).toMatchObject({ bytes: 68 + 30 + 14, lines: 5 });
    // rotation: current becomes an archive, a new current starts empty
    renameSync(join(main, 'current'), join(main, '@400000006900000200000000.s'));
    writeFileSync(join(main, 'current'), '');
    expect(stats.figuresOf(svc)).toMatchObject({ bytes: 68 + 30 + 14, lines: 5 });
  });

  it('says nothing for a service without a log directory', () => {
    const svc = mkdtempSync(join(tmpdir(), 'dt-logstats-'));
    dirs.push(svc);
    expect(new LogStats().figuresOf(svc)).toBeUndefined();
    expect(readLogTail(svc, 10)).toBeUndefined();
  });
});

describe('readLogTail', () => {
  it('reads the last lines across current and archives, stamps as Unix ms (TAI64 label minus 2^62 + 10 s)', () => {
    const { svc } = serviceWithLog();
    expect(readLogTail(svc, 10)).toEqual([
      { at: (0x69000000 - 10) * 1000, text: 'old one' },
      { at: (0x69000000 - 10) * 1000, text: 'old two' },
      { at: (0x69000001 - 10) * 1000, text: 'new' },
    ]);
    expect(readLogTail(svc, 2)!.map((l) => l.text)).toEqual(['old two', 'new']);
  });
});
