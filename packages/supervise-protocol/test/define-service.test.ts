import { afterEach, describe, expect, it } from '@jest/globals';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineService, findDtChainloaders, formatLogRunScript, formatRunScript, PATH_CHAINLOADERS, shellQuote } from '../src/define-service.js';
import { ServiceDefineError } from '../src/errors.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function scratch(): string {
  const d = mkdtempSync(join(tmpdir(), 'dt-define-'));
  dirs.push(d);
  return d;
}

describe('formatRunScript', () => {
  it('a plain command: stderr to the log, exec of the quoted argv', () => {
    expect(formatRunScript({ command: '/usr/bin/redis-server', args: ['--port', '6380', "it's"] })).toBe(
      "#!/bin/sh\n# written by dt defineService\nexec 2>&1\nexec /usr/bin/redis-server --port 6380 'it'\\''s'\n",
    );
  });

  it('env, cwd and user go through envdir (read before the cd) and setuidgid, as given', () => {
    const text = formatRunScript({
      command: 'node',
      args: ['server.js'],
      env: { PORT: '8080' },
      cwd: '/srv/my app',
      user: 'www',
      log: false,
      chainloaders: { envdir: ['/n', '/b/envdir.js'], setuidgid: ['/n', '/b/setuidgid.js'], multilog: ['multilog'] },
    });
    expect(text).toBe(
      '#!/bin/sh\n# written by dt defineService\nenv="$PWD/env"\ncd \'/srv/my app\' || exit 111\n' +
        'exec /n /b/envdir.js "$env" /n /b/setuidgid.js www node server.js\n',
    );
  });

  it('log/run runs multilog with the script (default t ./main)', () => {
    expect(formatLogRunScript()).toBe('#!/bin/sh\n# written by dt defineService\nexec multilog t ./main\n');
    expect(formatLogRunScript(['t', 's100000', './main'])).toContain('exec multilog t s100000 ./main\n');
    expect(shellQuote('')).toBe("''");
  });
});

describe('defineService', () => {
  it('writes a new service directory whole, through a dot-name svscan skips', () => {
    const scan = scratch();
    const dir = join(scan, 'web');
    const out = defineService(dir, { command: '/bin/echo', args: ['hi'], env: { A: 'x', EMPTY: '' }, notificationFd: 3 });
    expect(out.files.sort()).toEqual(['env/A', 'env/EMPTY', 'log/run', 'notification-fd', 'run']);
    expect(readdirSync(scan)).toEqual(['web']); // nothing left beside it
    expect(statSync(join(dir, 'run')).mode & 0o777).toBe(0o755);
    expect(statSync(join(dir, 'log', 'run')).mode & 0o777).toBe(0o755);
    expect(readFileSync(join(dir, 'notification-fd'), 'latin1')).toBe('3\n');
    expect(readFileSync(join(dir, 'env', 'A'), 'latin1')).toBe('x\n');
    // envdir: an empty file would remove the variable; an empty line sets it empty
    expect(readFileSync(join(dir, 'env', 'EMPTY'), 'latin1')).toBe('\n');
  });

  it('redefines an existing directory in place: its supervise/ stays, dropped files go', () => {
    const dir = join(scratch(), 'web');
    defineService(dir, { command: '/bin/true', notificationFd: 4, env: { A: '1' }, chainloaders: PATH_CHAINLOADERS });
    mkdirSync(join(dir, 'supervise'));
    writeFileSync(join(dir, 'supervise', 'status'), 'x');
    defineService(dir, { command: '/bin/false', env: { B: '2' }, log: false, chainloaders: PATH_CHAINLOADERS });
    expect(readFileSync(join(dir, 'run'), 'latin1')).toContain('exec envdir ./env /bin/false\n');
    expect(existsSync(join(dir, 'notification-fd'))).toBe(false);
    expect(readdirSync(join(dir, 'env'))).toEqual(['B']);
    expect(existsSync(join(dir, 'supervise', 'status'))).toBe(true);
    expect(readdirSync(dir).filter((n) => n.startsWith('.'))).toEqual([]);
  });

  it('refuses a bad definition with ServiceDefineError, writing nothing', () => {
    const scan = scratch();
    const dir = join(scan, 'bad');
    expect(() => defineService(dir, { command: '' })).toThrow(new ServiceDefineError(`unable to define ${dir}: command is empty`));
    expect(() => defineService(dir, { command: 'x', env: { A: 'two\nlines' } })).toThrow(ServiceDefineError);
    expect(() => defineService(dir, { command: 'x', notificationFd: 1 })).toThrow(/notification fd must be 3\.\.1023/);
    expect(readdirSync(scan)).toEqual([]);
  });

  it('a failed write says why in svc\'s errno words, with the errno', () => {
    const dir = join(scratch(), 'no', 'such', 'parent', 'web');
    let err: unknown;
    try {
      defineService(dir, { command: '/bin/true' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ServiceDefineError);
    expect((err as Error).message).toMatch(new RegExp(`^unable to define ${dir} \\(.*\\): file does not exist$`));
    expect(err).toMatchObject({ code: 'DT_ERR_SERVICE_DEFINE', errno: 'ENOENT' });
  });

  it('by default runs dt\'s own chain-loaders when @dt/cli is installed beside it (here: the workspace)', () => {
    const chain = findDtChainloaders();
    expect(chain?.envdir).toEqual([process.execPath, expect.stringMatching(/\/cli\/dist\/bin\/envdir\.js$/)]);
    const dir = join(scratch(), 'web');
    defineService(dir, { command: '/bin/true', env: { A: '1' } });
    expect(readFileSync(join(dir, 'run'), 'latin1')).toContain(`exec ${process.execPath} ${chain!.envdir[1]} ./env /bin/true\n`);
    expect(readFileSync(join(dir, 'log', 'run'), 'latin1')).toContain(`exec ${process.execPath} ${chain!.multilog[1]} t ./main\n`);
  });
});
