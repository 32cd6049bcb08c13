import { afterEach, describe, expect, it } from '@jest/globals';
import { chmodSync, closeSync, existsSync, openSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LogDirLockedError, LoggerClosedError, MultilogOptionError, StatusFileError, LogDirError } from '../src/errors.js';
import { Logger, openLogger } from '../src/logger.js';

const dirs: string[] = [];
const loggers: Logger[] = [];
afterEach(() => {
  for (const l of loggers.splice(0)) l.abandon();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function work(): string {
  const d = mkdtempSync(join(tmpdir(), 'dt-logger-'));
  dirs.push(d);
  return d;
}

function open(opts: Parameters<typeof openLogger>[0]): Logger {
  const l = openLogger(opts);
  loggers.push(l);
  return l;
}

const mode = (p: string) => (statSync(p).mode & 0o777).toString(8);
const archives = (d: string) => readdirSync(d).filter((n) => n.startsWith('@')).sort();

describe('Logger (the library API)', () => {
  it('writes lines into a multilog directory with typed options; close finishes current (0744)', () => {
    const cwd = work();
    const log = open({ dir: 'main', cwd, timestamp: true, clock: () => 1_700_000_000_000_000 });
    log.writeLine('hello');
    log.write(Buffer.from('two\npart'));
    expect(log.atLineStart).toBe(false);
    expect(readFileSync(join(cwd, 'main', 'current'), 'latin1')).toBe('@400000006553f10a000001f4 hello\n@400000006553f10a000001f4 two\n');
    expect(mode(join(cwd, 'main', 'current'))).toBe('644');
    log.close();
    expect(readFileSync(join(cwd, 'main', 'current'), 'latin1')).toMatch(/ part\n$/);
    expect(mode(join(cwd, 'main', 'current'))).toBe('744');
    expect(readdirSync(join(cwd, 'main')).sort()).toEqual(['current', 'lock', 'state']);
    expect(() => log.writeLine('late')).toThrow(LoggerClosedError);
  });

  it('rotates at the size and keeps num-1 archives', () => {
    const cwd = work();
    const log = open({ dir: 'main', cwd, size: 4096, num: 3 });
    for (let i = 0; i < 200; i++) log.writeLine(`line ${i} ${'x'.repeat(80)}`);
    log.close();
    const d = join(cwd, 'main');
    const names = archives(d);
    expect(names).toHaveLength(2);
    for (const n of names) {
      expect(n).toMatch(/^@[0-9a-f]{24}\.s$/);
      expect(mode(join(d, n))).toBe('744');
      const size = statSync(join(d, n)).size;
      expect(size).toBeGreaterThanOrEqual(4096 - 2000);
      expect(size).toBeLessThanOrEqual(4096);
      expect(readFileSync(join(d, n), 'latin1').endsWith('\n')).toBe(true);
    }
    expect(readFileSync(join(d, 'current'), 'latin1')).toMatch(/line 199 x+\n$/);
  });

  it('rotate() is SIGALRM: a non-empty current becomes an archive', () => {
    const cwd = work();
    const log = open({ script: ['./main'], cwd });
    log.rotate(); // empty: nothing happens
    expect(archives(join(cwd, 'main'))).toEqual([]);
    log.writeLine('a');
    log.rotate();
    const [a] = archives(join(cwd, 'main'));
    expect(readFileSync(join(cwd, 'main', a!), 'latin1')).toBe('a\n');
    expect(readFileSync(join(cwd, 'main', 'current'), 'latin1')).toBe('');
    log.close();
  });

  it('runs processors with previous, processed, state and newstate as 0.76', () => {
    const cwd = work();
    const log = open({ dir: 'main', cwd, processor: 'tr a-z A-Z; printf "%s+" "$(cat <&4)" >&5' });
    log.writeLine('hello');
    log.rotate();
    log.writeLine('again');
    log.rotate();
    log.close();
    const d = join(cwd, 'main');
    expect(archives(d).map((n) => readFileSync(join(d, n), 'latin1'))).toEqual(['HELLO\n', 'AGAIN\n']);
    expect(readFileSync(join(d, 'state'), 'latin1')).toBe('++');
    expect(existsSync(join(d, 'previous'))).toBe(false);
    expect(existsSync(join(d, 'processed'))).toBe(false);
  });

  it('a processor starts with default signal dispositions and nothing blocked (as 0.76 forks it)', () => {
    const cwd = work();
    const log = open({ dir: 'main', cwd, processor: 'cat >/dev/null; grep -E "^Sig(Blk|Ign)" /proc/self/status' });
    log.writeLine('x');
    log.rotate();
    log.close();
    const d = join(cwd, 'main');
    expect(readFileSync(join(d, archives(d)[0]!), 'latin1')).toBe('SigBlk:\t0000000000000000\nSigIgn:\t0000000000000000\n');
  });

  it('a failing processor warns and retries; nothing is lost', () => {
    const cwd = work();
    const warnings: string[] = [];
    const flag = join(cwd, 'ok');
    const log = open({
      dir: 'main',
      cwd,
      pauseMs: 1,
      processor: `test -e ${flag} && cat || { touch ${flag}; exit 1; }`,
      onWarning: (w) => warnings.push(w),
    });
    log.writeLine('precious');
    log.rotate();
    log.close();
    expect(warnings).toEqual(['processor failed in main, pausing']);
    const d = join(cwd, 'main');
    expect(archives(d).map((n) => readFileSync(join(d, n), 'latin1'))).toEqual(['precious\n']);
  });

  it('routes with a script: patterns, e to alertFd, =file', () => {
    const cwd = work();
    const alerts = join(cwd, 'alerts');
    writeFileSync(alerts, '');
    const afd = openSync(alerts, 'a');
    const log = open({ script: ['-*', '+ERROR*', 'e', '=last', './errors', '+*', './all'], cwd, alertFd: afd });
    log.write('INFO fine\nERROR bad\nINFO again\n');
    log.close();
    closeSync(afd);
    expect(readFileSync(join(cwd, 'errors', 'current'), 'latin1')).toBe('ERROR bad\n');
    expect(readFileSync(join(cwd, 'all', 'current'), 'latin1')).toBe('INFO fine\nERROR bad\nINFO again\n');
    expect(readFileSync(alerts, 'latin1')).toBe('ERROR bad\n');
    expect(readFileSync(join(cwd, 'last'), 'latin1')).toBe('ERROR bad' + '\n'.repeat(992));
  });

  it('locks the directory: a second logger is refused until the first closes', () => {
    const cwd = work();
    const a = open({ dir: 'main', cwd });
    expect(() => openLogger({ dir: 'main', cwd })).toThrow(LogDirLockedError);
    try {
      openLogger({ dir: 'main', cwd });
    } catch (e) {
      expect((e as Error).message).toBe('unable to lock directory main: temporary failure');
      expect((e as LogDirLockedError).code).toBe('DT_ERR_LOGDIR_LOCKED');
    }
    a.close();
    open({ dir: 'main', cwd }).close();
  });

  it('abandon() is a crash: the next logger archives current as .u', () => {
    const cwd = work();
    const a = open({ dir: 'main', cwd });
    a.writeLine('unfinished');
    a.abandon();
    const b = open({ dir: 'main', cwd });
    const d = join(cwd, 'main');
    const [u] = archives(d);
    expect(u).toMatch(/\.u$/);
    expect(readFileSync(join(d, u!), 'latin1')).toBe('unfinished\n');
    b.close();
  });

  it('appends to a cleanly finished current', () => {
    const cwd = work();
    const a = open({ dir: 'main', cwd });
    a.writeLine('one');
    a.close();
    const b = open({ dir: 'main', cwd });
    b.writeLine('two');
    b.close();
    expect(readFileSync(join(cwd, 'main', 'current'), 'latin1')).toBe('one\ntwo\n');
    expect(archives(join(cwd, 'main'))).toEqual([]);
  });

  it('refuses bad typed options and reports start-up failures as typed errors', () => {
    const cwd = work();
    expect(() => openLogger({ cwd })).toThrow(MultilogOptionError);
    expect(() => openLogger({ dir: 'x', cwd, size: 100 })).toThrow(MultilogOptionError);
    expect(() => openLogger({ dir: 'x', cwd, num: 1 })).toThrow(MultilogOptionError);
    writeFileSync(join(cwd, 'file'), '');
    expect(() => openLogger({ dir: 'file', cwd })).toThrow(LogDirError);
    expect(() => openLogger({ dir: 'file', cwd })).toThrow('unable to open directory file: not a directory');
    expect(() => openLogger({ script: ['=nodir/st'], cwd })).toThrow(StatusFileError);
    chmodSync(cwd, 0o755);
  });
});
