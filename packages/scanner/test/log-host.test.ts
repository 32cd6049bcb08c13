import { afterEach, describe, expect, it } from '@jest/globals';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { NO_HOST_FILE } from '../src/index.js';
import { ScanHarness, addService, realTool, waitFor } from './scan-helpers.js';

const h = new ScanHarness();
// `npm test` puts node_modules/.bin (our multilog) first on PATH; these tests compare with the real
// multilog, which `multilog` in a log/run must find, as on a machine with daemontools installed.
process.env.PATH = (process.env.PATH ?? '').split(':').filter((p) => !p.endsWith('node_modules/.bin')).join(':');
afterEach(() => h.cleanUp());

function svstat(dir: string): string {
  return execFileSync(realTool('svstat'), [dir], { encoding: 'utf8' });
}

function svc(opts: string, dir: string): void {
  execFileSync(realTool('svc'), [opts, dir]);
}

function upPid(dir: string): number {
  const m = /: up \(pid (\d+)\)/.exec(svstat(dir));
  return m ? Number(m[1]) : 0;
}

function cmdline(pid: number): string {
  return readFileSync(`/proc/${pid}/cmdline`, 'latin1').split('\0').join(' ');
}

/** Every file of a log directory in order (archives by name, then current), stamps taken off. */
function logText(dir: string, stamped = true): string {
  const names = readdirSync(dir)
    .filter((n) => n.startsWith('@'))
    .sort();
  names.push('current');
  let text = '';
  for (const n of names) {
    try {
      text += readFileSync(join(dir, n), 'latin1');
    } catch {
      // no current yet
    }
  }
  return stamped ? text.replace(/^@[0-9a-f]{24} /gm, '') : text;
}

/** The numbers of `line N` lines, checked to be 1..last with nothing lost or repeated. */
function expectAllLines(text: string, last: number): void {
  const nums = [...text.matchAll(/^line (\d+) x*$/gm)].map((m) => Number(m[1]));
  const odd = text.split('\n').filter((l) => l !== '' && l !== 'end' && !/^line \d+ x*$/.test(l));
  expect(odd).toEqual([]);
  let expected = 1;
  for (const n of nums) {
    if (n !== expected) throw new Error(`after line ${expected - 1} came line ${n}`);
    expected++;
  }
  expect(expected - 1).toBe(last);
}

function hostPidOf(logDir: string): number {
  const pid = upPid(logDir);
  expect(pid).toBeGreaterThan(0);
  expect(cmdline(pid)).toContain('log-host.js');
  return pid;
}

describe('hosted loggers', () => {
  it('runs `exec multilog` in the log host; the real svstat, svok and svc work on it', async () => {
    const root = h.root();
    const dir = addService(root, 'a', 'run-numbered-short', 'log-multilog');
    const log = join(dir, 'log');
    await h.start({ dir: root });
    const main = join(log, 'main');
    await waitFor('3000 lines', () => logText(main).includes('line 3000 '));
    const pid = hostPidOf(log);
    expect(spawnSync(realTool('svok'), [log]).status).toBe(0);
    expect(statSync(join(main, 'current')).mode & 0o777).toBe(0o644);
    // -a: rotate now
    svc('-a', log);
    await waitFor('an archive', () => readdirSync(main).some((n) => /^@[0-9a-f]{24}\.s$/.test(n)));
    // -p: the svstat line says paused, the logger still up under the same pid
    svc('-p', log);
    await waitFor('paused', () => svstat(log).includes('paused'));
    svc('-c', log);
    await waitFor('not paused', () => !svstat(log).includes('paused'));
    // -t: as 0.76, TERM waits for the end of the partial last line: the logger stays up
    svc('-t', log);
    expect(upPid(log)).toBe(pid);
    expect(h.warnings).toEqual([]);
  });

  it.each([
    ['log-multilog-big', 'no rotation'],
    ['log-multilog-rotating', 'a rotation every 50 kB'],
  ])('loses no line when the log host is killed with SIGKILL mid-flood, five times (%s: %s)', async (logRun) => {
    const root = h.root();
    const dir = addService(root, 'a', 'run-numbered', logRun);
    const log = join(dir, 'log');
    const main = join(log, 'main');
    const s = await h.start({ dir: root });
    const killed = new Set<number>();
    let seen = 0;
    for (let k = 0; k < 5; k++) {
      // a host that has written since the last kill
      const pid = await waitFor('a new host', () => {
        const p = upPid(log);
        const n = logText(main).length;
        return p !== 0 && !killed.has(p) && n > seen ? p : false;
      });
      seen = logText(main).length;
      killed.add(pid);
      process.kill(pid, 'SIGKILL');
    }
    expect(logText(main)).not.toContain('\nend\n'); // the kills were mid-flood
    await waitFor('the end', () => logText(main).includes('\nend\n'), 30_000);
    expect(killed.size).toBe(5);
    // 'end' may be the output of a killed host that it had not recorded: its successor takes that back
    // and writes it again, so the directory is read once the orderly stop has drained the logger
    await waitFor('a host not killed', () => !killed.has(upPid(log)) && upPid(log) > 0, 30_000);
    await s.stop();
    expect(readdirSync(main).some((n) => n.endsWith('.u'))).toBe(true); // current left unfinished, as by a killed multilog
    expectAllLines(logText(main), 60000);
  }, 60_000);

  it('loses no line across svc -k, -t, -d/-u and the orderly stop', async () => {
    const root = h.root();
    const dir = addService(root, 'a', 'run-numbered', 'log-multilog-big');
    const log = join(dir, 'log');
    const main = join(log, 'main');
    const s = await h.start({ dir: root });
    let seen = 0;
    const grown = () => waitFor('more lines', () => {
      const n = logText(main).length;
      return n > seen + 20000 ? (seen = n) : false;
    }, 20_000);
    await grown();
    svc('-k', log);
    await grown();
    svc('-t', log);
    await grown();
    // paused (the pipe fills, the service blocks), then -d: TERM and CONT, so it ends its line and stops
    svc('-p', log);
    await waitFor('paused', () => svstat(log).includes('paused'));
    svc('-d', log);
    await waitFor('down', () => svstat(log).includes(': down '));
    svc('-u', log);
    await grown();
    await waitFor('the end', () => logText(main).includes('\nend\n'), 30_000);
    await s.stop();
    expectAllLines(logText(main), 60000);
    expect(statSync(join(main, 'current')).mode & 0o777).toBe(0o744); // finished cleanly by the stop
  }, 60_000);

  it('drains every hosted logger to the last line in the orderly stop (partial last line finished)', async () => {
    const root = h.root();
    const dirs = ['a', 'b', 'c'].map((n) => addService(root, n, 'run-numbered-short', 'log-multilog'));
    const s = await h.start({ dir: root });
    for (const d of dirs) await waitFor('lines', () => logText(join(d, 'log', 'main')).includes('line 2999 '));
    const hosts = new Set(dirs.map((d) => hostPidOf(join(d, 'log'))));
    expect(hosts.size).toBe(1); // one host for all
    await s.stop();
    for (const d of dirs) {
      const text = logText(join(d, 'log', 'main'));
      expect(text.endsWith('line 3000 ' + 'y'.repeat(3000 % 70) + '\npartial\n')).toBe(true);
      expect(statSync(join(d, 'log', 'main', 'current')).mode & 0o777).toBe(0o744);
    }
  });

  it('writes what the real multilog writes from the same input (patterns, rotation, names, modes)', async () => {
    realTool('multilog');
    const root = h.root();
    const hosted = addService(root, 'hosted', 'run-lines-slow', 'log-multilog-small');
    const real = addService(root, 'real', 'run-lines-slow', 'log-multilog-small');
    writeFileSync(join(real, 'log', NO_HOST_FILE), '');
    await h.start({ dir: root });
    const pidReal = await waitFor('the real multilog', () => upPid(join(real, 'log')));
    expect(cmdline(pidReal)).toMatch(/^multilog /);
    hostPidOf(join(hosted, 'log'));
    const listing = (d: string) => {
      const main = join(d, 'log', 'main');
      const names = readdirSync(main).sort();
      return names.map((n) => {
        const st = statSync(join(main, n));
        return `${n.startsWith('@') ? `@${n.slice(25)}` : n} ${(st.mode & 0o777).toString(8)} ${st.size}`;
      });
    };
    await waitFor('both done', () => logText(join(hosted, 'log', 'main'), false).includes('line 400 ') && logText(join(real, 'log', 'main'), false).includes('line 400 '));
    await waitFor('same listing', () => JSON.stringify(listing(hosted)) === JSON.stringify(listing(real)) && listing(real));
    expect(listing(hosted)).toEqual(listing(real));
    expect(logText(join(hosted, 'log', 'main'), false)).toEqual(logText(join(real, 'log', 'main'), false));
  });

  it('runs every other log/run as a process, and the opt-out file keeps the process form', async () => {
    const root = h.root();
    const other = addService(root, 'other', 'run-sleep', 'log-cat');
    const optOut = addService(root, 'optout', 'run-sleep', 'log-multilog');
    writeFileSync(join(optOut, 'log', NO_HOST_FILE), '');
    await h.start({ dir: root });
    const p1 = await waitFor('cat', () => upPid(join(other, 'log')));
    const p2 = await waitFor('multilog', () => upPid(join(optOut, 'log')));
    expect(cmdline(p1)).not.toContain('log-host');
    expect(cmdline(p2)).toMatch(/^multilog t \.\/main/);
  });

  it("gives multilog's fatal messages on the scanner's stderr, retries a second later, and the others go on", async () => {
    const root = h.root();
    const dir = addService(root, 'a', 'run-sleep', 'log-multilog');
    addService(root, 'b', 'run-sleep', 'log-multilog-missing');
    const healthy = addService(root, 'c', 'run-lines-slow', 'log-multilog');
    const errPath = join(root, '.stderr');
    const errFd = openSync(errPath, 'a');
    // another multilog holds a's directory lock
    const main = join(dir, 'log', 'main');
    mkdirSync(main, { recursive: true });
    const locker = spawn(realTool('setlock'), [join(main, 'lock'), 'sleep', '100000'], { stdio: 'ignore' });
    h.track(locker.pid!);
    await waitFor('locked', () => spawnSync(realTool('setlock'), ['-n', join(main, 'lock'), 'true']).status !== 0);
    try {
      await h.start({ dir: root, stderr: errFd });
      const locked = 'multilog: fatal: unable to lock directory ./main: temporary failure\n';
      const missing = 'multilog: fatal: unable to open directory ./missing/sub: file does not exist\n';
      await waitFor('two tries each', () => {
        const text = readFileSync(errPath, 'utf8');
        return text.split(locked).length > 2 && text.split(missing).length > 2;
      });
      // the healthy neighbour in the same host logged everything meanwhile
      await waitFor('c logged', () => logText(join(healthy, 'log', 'main')).includes('line 400 '));
      expect(upPid(join(healthy, 'log'))).toBe(hostPidOf(join(healthy, 'log')));
      process.kill(locker.pid!, 'SIGKILL');
      await waitFor('a up at last', () => statSync(join(main, 'current')).isFile());
      expect(readFileSync(errPath, 'utf8').replaceAll(locked, '').replaceAll(missing, '')).toBe('');
    } finally {
      closeSync(errFd);
    }
  });
});
